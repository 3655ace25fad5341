-- Checks the Neovim setup of docs/editors.md in a real headless Neovim, driven by
-- test/editors/neovim.test.ts. The test writes the documented configuration for this
-- Neovim version into the init file (-u) and puts a `bpfls` command on PATH; this
-- script opens three files and reports which of them got bpfls attached:
--   xdp_hover.bpf.c (BPF by name), prog.c (BPF by content), main.c (plain C).
-- BPFLS_E2E_ROOT, BPFLS_E2E_OUT, BPFLS_E2E_WORK (holds prog.c and main.c).

local root = assert(os.getenv('BPFLS_E2E_ROOT'))
local out_path = assert(os.getenv('BPFLS_E2E_OUT'))
local work = assert(os.getenv('BPFLS_E2E_WORK'))
local json_encode = (vim.json and vim.json.encode) or vim.fn.json_encode
local report = { errors = {}, attached = {} }

local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf })
  elseif vim.lsp.get_active_clients and vim.fn.has('nvim-0.8') == 1 then
    return vim.lsp.get_active_clients({ bufnr = buf })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(buf))
end

local function has_bpfls(buf)
  for _, c in ipairs(clients_of(buf)) do
    if c.name == 'bpfls' then
      return c
    end
  end
  return nil
end

local function main()
  vim.o.hidden = true
  local files = {
    by_name = root .. '/test/fixtures/editors/xdp_hover.bpf.c',
    by_content = work .. '/prog.c',
    plain = work .. '/main.c',
  }
  local bufs = {}
  for _, key in ipairs({ 'by_name', 'by_content', 'plain' }) do
    vim.cmd('edit ' .. vim.fn.fnameescape(files[key]))
    bufs[key] = vim.api.nvim_get_current_buf()
    report[key .. '_filetype'] = vim.bo[bufs[key]].filetype
  end
  -- Wait for bpfls to be attached and initialized on the BPF buffers.
  vim.wait(20000, function()
    local a, b = has_bpfls(bufs.by_name), has_bpfls(bufs.by_content)
    return a ~= nil and b ~= nil and a.initialized and b.initialized
  end, 20)
  vim.wait(300) -- a late (wrong) attach to the plain buffer would show up here
  for key, buf in pairs(bufs) do
    report.attached[key] = has_bpfls(buf) ~= nil
  end
  local c = has_bpfls(bufs.by_content)
  if c then
    -- A hover through the documented client, with the documented settings.
    local line, col
    for i, l in ipairs(vim.api.nvim_buf_get_lines(bufs.by_content, 0, -1, false)) do
      local s = l:find('bpf_get_current_pid_tgid', 1, true)
      if s then
        line, col = i - 1, s + 2
        break
      end
    end
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufs.by_content) }, position = { line = line, character = col } }
    local results = vim.lsp.buf_request_sync(bufs.by_content, 'textDocument/hover', params, 20000) or {}
    for _, r in pairs(results) do
      if r.result then
        report.hover = r.result.contents.value or r.result.contents
      end
    end
    vim.lsp.stop_client(c.id)
    vim.wait(5000, function() return vim.lsp.get_client_by_id(c.id) == nil end, 20)
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  table.insert(report.errors, tostring(err))
end
report.ok = ok
local f = io.open(out_path, 'w')
if f then
  f:write(json_encode(report))
  f:close()
end
vim.cmd('qall!')
