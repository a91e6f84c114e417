-- Shared by the scripts of tests/neovim/: the environment the Rust test sets,
-- writing the result as JSON and quitting, and opening the contract with
-- `pactum lsp` attached (Neovim 0.7 API: start_client and buf_attach_client)
-- until its first diagnostics arrive.
local M = {}

M.bin = os.getenv("PACTUM_BIN")
M.file = os.getenv("PACTUM_FILE")
M.out = os.getenv("PACTUM_OUT")

function M.finish(result)
  local f = assert(io.open(M.out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end

-- Opens the contract, attaches the server and waits for its diagnostics;
-- returns the buffer and the client.
function M.open()
  vim.cmd("edit " .. vim.fn.fnameescape(M.file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "pactum",
    cmd = { M.bin, "lsp" },
    root_dir = vim.fn.fnamemodify(M.file, ":h"),
  })
  assert(client_id, "the client starts")
  vim.lsp.buf_attach_client(buf, client_id)
  vim.wait(15000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  return buf, vim.lsp.get_client_by_id(client_id)
end

-- Runs `body` and writes what it returns, or the error it raised.
function M.run(body)
  local ok, result = pcall(body)
  if ok then
    M.finish(result)
  else
    M.finish({ error = tostring(result) })
  end
end

return M
