-- wrk script for scripts/bench-server.sh: one logged-in session POSTing
-- {"accountId":"..."} to the URL given on wrk's command line, with the session cookie
-- and the CSRF-TOKEN header. The values come from the environment:
-- BENCH_SESSION, BENCH_CSRF, BENCH_ACCOUNT.
local session = os.getenv("BENCH_SESSION") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local account = os.getenv("BENCH_ACCOUNT") or ""

wrk.method = "POST"
wrk.body = '{"accountId":"' .. account .. '"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "SESSION=" .. session .. "; CSRF-TOKEN=" .. csrf
wrk.headers["CSRF-TOKEN"] = csrf

-- wrk's own summary counts only statuses outside 2xx and 3xx; every answer here must be
-- exactly 200, so each thread counts the others itself and done() prints the total.
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	not200 = 0
end

function response(status, headers, body)
	if status ~= 200 then
		not200 = not200 + 1
	end
end

function done(summary, latency, requests)
	local n = 0
	for _, t in ipairs(threads) do
		n = n + t:get("not200")
	end
	io.write(string.format("not-200 responses: %d\n", n))
end
