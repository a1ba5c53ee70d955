-- wrk script for bench/login.sh: POST /v1/auth/login with LOGIN_EMAIL / LOGIN_PASSWORD, and behave like a client
-- that honours Retry-After: after a 503 (or 429) the next request on this thread waits that many seconds.
local email = os.getenv("LOGIN_EMAIL")
local password = os.getenv("LOGIN_PASSWORD") or "correct horse battery staple"
wrk.method = "POST"
wrk.path = "/v1/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"' .. email .. '","password":"' .. password .. '"}'

local wait_ms = 0

function delay()
  local d = wait_ms
  wait_ms = 0
  return d
end

function response(status, headers, body)
  if status == 503 or status == 429 then
    wait_ms = (tonumber(headers["Retry-After"]) or 1) * 1000
  end
end
