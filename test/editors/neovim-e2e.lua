-- End-to-end run of bpfls inside a real, headless Neovim (0.7 .. 0.11), driven by
-- test/editors/neovim.test.ts:
--
--   BPFLS_E2E_ROOT=<repo> BPFLS_E2E_OUT=<report.json> \
--     nvim --headless --clean -u NONE -i NONE -n -c "luafile test/editors/neovim-e2e.lua"
--
-- BPFLS_E2E_CMD (optional): the server command as a JSON array; default
-- ["node", "<repo>/server/bin/bpfls.js", "--stdio"].
--
-- It opens test/fixtures/editors/xdp_hover.bpf.c, attaches the server with Neovim's
-- own LSP client (vim.lsp.start on 0.8+, vim.lsp.start_client on 0.7), asks for a
-- hover on the helper call, waits for the diagnostics of that clean file and of
-- xdp_broken.bpf.c (a missing semicolon), stops the server, and writes what it saw
-- to BPFLS_E2E_OUT. It always exits; the test judges the report.

local root = assert(os.getenv('BPFLS_E2E_ROOT'), 'BPFLS_E2E_ROOT is not set')
local out_path = assert(os.getenv('BPFLS_E2E_OUT'), 'BPFLS_E2E_OUT is not set')
local json_encode = (vim.json and vim.json.encode) or vim.fn.json_encode
local json_decode = (vim.json and vim.json.decode) or vim.fn.json_decode
local TIMEOUT = 20000

local report = {
  nvim = vim.fn.execute('version'):match('NVIM v[%d%.]+[%w%-%.]*') or 'unknown',
  api = vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client',
  errors = {},
  published = {},
}

local function note_error(msg)
  table.insert(report.errors, tostring(msg))
end

-- Record every publishDiagnostics as the server sent it, then let Neovim handle it.
local published_count = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    published_count[result.uri] = (published_count[result.uri] or 0) + 1
    report.published[result.uri] = result.diagnostics
  end
  return default_publish(err, result, ctx, config)
end

local function find_line(buf, marker)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(marker, 1, true) then
      return i, line
    end
  end
  error('marker ' .. marker .. ' not found')
end

local function client_ready(id)
  local c = vim.lsp.get_client_by_id(id)
  return c ~= nil and (c.initialized == true or (c.server_capabilities ~= nil and next(c.server_capabilities) ~= nil))
end

local function main()
  vim.o.hidden = true
  local cmd = { 'node', root .. '/server/bin/bpfls.js', '--stdio' }
  if os.getenv('BPFLS_E2E_CMD') and os.getenv('BPFLS_E2E_CMD') ~= '' then
    cmd = json_decode(os.getenv('BPFLS_E2E_CMD'))
  end
  report.cmd = cmd

  local hover_file = root .. '/test/fixtures/editors/xdp_hover.bpf.c'
  local broken_file = root .. '/test/fixtures/editors/xdp_broken.bpf.c'

  vim.cmd('edit ' .. vim.fn.fnameescape(hover_file))
  local hover_buf = vim.api.nvim_get_current_buf()
  vim.bo[hover_buf].filetype = 'c'
  local hover_uri = vim.uri_from_bufnr(hover_buf)

  local config = {
    name = 'bpfls',
    cmd = cmd,
    root_dir = root,
    settings = { bpfls = { docsLanguage = 'en', targetKernel = '', includePaths = {} } },
    on_init = function(_, initialize_result)
      report.server_info = initialize_result and initialize_result.serverInfo
    end,
    on_exit = function(code, signal)
      report.server_exit = { code = code, signal = signal }
    end,
  }
  local ok, client_id = pcall(function()
    if vim.lsp.start then
      return vim.lsp.start(config) -- attaches the current buffer
    end
    local id = vim.lsp.start_client(config)
    if id then
      vim.lsp.buf_attach_client(hover_buf, id)
    end
    return id
  end)
  if not ok or not client_id then
    error('the LSP client did not start: ' .. tostring(client_id))
  end
  report.client_started = true

  if not vim.wait(TIMEOUT, function() return client_ready(client_id) end, 20) then
    error('the server did not answer initialize within ' .. TIMEOUT .. ' ms')
  end
  report.initialized = true
  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities or {}
  report.hover_provider = caps.hoverProvider and true or false

  -- Hover on the helper call of the marked line.
  local lnum, line = find_line(hover_buf, 'HOVER-TARGET')
  local col = assert(line:find('bpf_xdp_adjust_head', 1, true), 'helper call not found') - 1 + 4
  vim.api.nvim_win_set_cursor(0, { lnum, col })
  report.hover_position = { line = lnum - 1, character = col }
  local params = { textDocument = { uri = hover_uri }, position = { line = lnum - 1, character = col } }
  local results, err = vim.lsp.buf_request_sync(hover_buf, 'textDocument/hover', params, TIMEOUT)
  if err then
    note_error('hover: ' .. tostring(err))
  end
  for _, r in pairs(results or {}) do
    if r.error then
      note_error('hover error: ' .. vim.inspect(r.error))
    elseif r.result then
      report.hover = r.result
    end
  end

  -- The clean file's diagnostics.
  if not vim.wait(TIMEOUT, function() return published_count[hover_uri] ~= nil end, 20) then
    note_error('no diagnostics were published for ' .. hover_uri)
  end

  -- The broken file: attach the same client, wait for its diagnostics.
  vim.cmd('edit ' .. vim.fn.fnameescape(broken_file))
  local broken_buf = vim.api.nvim_get_current_buf()
  vim.bo[broken_buf].filetype = 'c'
  local broken_uri = vim.uri_from_bufnr(broken_buf)
  vim.lsp.buf_attach_client(broken_buf, client_id)
  if not vim.wait(TIMEOUT, function() return published_count[broken_uri] ~= nil end, 20) then
    note_error('no diagnostics were published for ' .. broken_uri)
  end
  -- What Neovim itself now shows for the broken buffer.
  report.nvim_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(broken_buf)) do
    table.insert(report.nvim_diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
  end
  local syntax_line = find_line(broken_buf, 'SYNTAX-ERROR')
  report.uris = { hover = hover_uri, broken = broken_uri }
  report.syntax_error_line = syntax_line - 1

  -- Shut the server down the way an editor does at exit.
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return report.server_exit ~= nil end, 20)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  note_error(err)
end
report.ok = ok

local f = io.open(out_path, 'w')
if f then
  f:write(json_encode(report))
  f:close()
end
vim.cmd('qall!')
