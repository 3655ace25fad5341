;;; emacs-e2e.el --- bpfls in a real Emacs with eglot, driven by test/editors/emacs.test.ts  -*- lexical-binding: t -*-
;;
;;   BPFLS_E2E_ROOT=<repo> BPFLS_E2E_OUT=<report.json> BPFLS_E2E_WORK=<temp dir> \
;;     emacs --batch --no-init-file -l <setup.el> -l test/editors/emacs-e2e.el
;;
;; <setup.el> is the eglot setup of docs/editors.md, taken from the file as it is, and a
;; `bpfls' command on PATH runs the repository's server. This opens the fixtures (one
;; BPF C file by name, and a copy under a plain `.c' name that must be recognised by
;; content), asks for a hover on a helper with Chinese docs configured through
;; `eglot-workspace-configuration', waits for the diagnostics of the broken fixture,
;; and writes what it saw to BPFLS_E2E_OUT.

(require 'eglot)
(require 'json)

(defvar e2e-root (getenv "BPFLS_E2E_ROOT"))
(defvar e2e-out (getenv "BPFLS_E2E_OUT"))
(defvar e2e-work (getenv "BPFLS_E2E_WORK"))
(defvar e2e-report (list (cons 'emacs emacs-version) (cons 'errors [])))
(defvar e2e-published (make-hash-table :test 'equal))

(defun e2e-put (key value)
  (setq e2e-report (cons (cons key value) (assq-delete-all key e2e-report))))

(defun e2e-error (msg)
  (e2e-put 'errors (vconcat (alist-get 'errors e2e-report) (list msg))))

;; Record every publishDiagnostics as the server sent it.
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
  (puthash uri diagnostics e2e-published))

(defun e2e-wait (pred seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun e2e-open (file)
  "Visit FILE and connect eglot the way `eglot-ensure' does after a command."
  (find-file file)
  (run-hooks 'post-command-hook)
  (e2e-wait (lambda () (eglot-current-server)) 20))

(defun e2e-uri (file)
  (concat "file://" (expand-file-name file)))

(defun e2e-main ()
  ;; Chinese docs, through workspace/configuration (section "bpfls").
  (setq-default eglot-workspace-configuration
                '(:bpfls (:docsLanguage "zh-CN" :targetKernel "" :includePaths [])))
  (let* ((hover-file (expand-file-name "test/fixtures/editors/xdp_hover.bpf.c" e2e-root))
         (broken-src (expand-file-name "test/fixtures/editors/xdp_broken.bpf.c" e2e-root))
         ;; Same content under a name that says nothing: recognised by its #include lines.
         (broken-file (expand-file-name "plain_name.c" e2e-work)))
    (copy-file broken-src broken-file t)
    (unless (e2e-open hover-file)
      (error "eglot did not connect to bpfls"))
    (e2e-put 'mode (symbol-name major-mode))
    (let ((server (eglot-current-server)))
      (e2e-put 'server_name (plist-get (eglot--server-info server) :name))
      (goto-char (point-min))
      (search-forward "HOVER-TARGET")
      (search-forward "bpf_xdp_adjust_head")
      (backward-char 4)
      (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
        (e2e-put 'hover (plist-get (plist-get hover :contents) :value))))
    (unless (e2e-wait (lambda () (gethash (e2e-uri hover-file) e2e-published 'none)) 20)
      (e2e-error "no diagnostics for the clean file"))
    (e2e-put 'clean_diagnostics (gethash (e2e-uri hover-file) e2e-published))
    (e2e-open broken-file)
    (e2e-put 'broken_mode (symbol-name major-mode))
    (unless (e2e-wait (lambda () (not (eq (gethash (e2e-uri broken-file) e2e-published 'none) 'none))) 20)
      (e2e-error "no diagnostics for the broken file"))
    (e2e-put 'broken_diagnostics (gethash (e2e-uri broken-file) e2e-published))
    (goto-char (point-min))
    (search-forward "SYNTAX-ERROR")
    (e2e-put 'syntax_error_line (1- (line-number-at-pos)))
    (eglot-shutdown (eglot-current-server))
    (e2e-put 'ok t)))

(condition-case err
    (e2e-main)
  (error (e2e-error (format "%S" err))))

(with-temp-file e2e-out
  (let ((json-encoding-pretty-print nil))
    (insert (json-encode e2e-report))))
(kill-emacs 0)

;;; emacs-e2e.el ends here
