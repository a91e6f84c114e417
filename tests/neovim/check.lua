-- Driven by tests/neovim.rs: opens a contract with mistakes in a headless
-- Neovim (0.7 API: start_client and buf_attach_client), waits for the
-- diagnostics of `pactum lsp`, asks for a hover, and writes what it got as
-- JSON for the Rust test to check.
local bin = os.getenv("PACTUM_BIN")
local file = os.getenv("PACTUM_FILE")
local out = os.getenv("PACTUM_OUT")
local hover_line = tonumber(os.getenv("PACTUM_HOVER_LINE"))
local hover_char = tonumber(os.getenv("PACTUM_HOVER_CHAR"))

local function finish(result)
  local f = assert(io.open(out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "pactum",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  assert(client_id, "the client starts")
  vim.lsp.buf_attach_client(buf, client_id)
  vim.wait(15000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)

  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      code = lsp.code or d.code,
      source = d.source,
    })
  end

  local client = vim.lsp.get_client_by_id(client_id)
  local hover = client.request_sync("textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = hover_line, character = hover_char },
  }, 10000, buf)
  client.stop()
  finish({ diagnostics = diagnostics, hover = hover and hover.result or vim.NIL })
end)
if not ok then
  finish({ error = tostring(err) })
end
