-- wrk load for Open311 POST Service Request (see bench/grid_open311.py): each connection
-- posts a new request as soon as the previous one is answered. The key, the 屯 codes and the
-- service codes come from the environment the bench sets; done() prints the figures as JSON.
local key = os.getenv("BENCH_OPEN311_KEY")
local path = os.getenv("BENCH_OPEN311_PATH") or "/open311/v2/requests.json"
local function split(text)
  local items = {}
  for item in string.gmatch(text or "", "[^,]+") do items[#items + 1] = item end
  return items
end
local addresses = split(os.getenv("BENCH_OPEN311_ADDRESSES"))
local services = split(os.getenv("BENCH_OPEN311_SERVICES"))
local descriptions = {
  "%E8%B7%AF%E8%BE%B9%E5%9E%83%E5%9C%BE%E5%A0%86%E6%94%BE%E5%A4%9A%E6%97%A5%E6%9C%AA%E6%B8%85%E8%BF%90",  -- 路边垃圾堆放多日未清运
  "%E6%9D%91%E9%81%93%E8%B7%AF%E9%9D%A2%E5%A1%8C%E9%99%B7",  -- 村道路面塌陷
  "%E8%B7%AF%E7%81%AF%E4%B8%8D%E4%BA%AE",  -- 路灯不亮
}
local counter = 0

request = function()
  counter = counter + 1
  local body = "api_key=" .. key
    .. "&service_code=" .. services[math.random(#services)]
    .. "&address_id=" .. addresses[math.random(#addresses)]
    .. "&description=" .. descriptions[math.random(#descriptions)] .. "+" .. counter
    .. "&lat=" .. string.format("%.5f", 22 + math.random() * 4)
    .. "&long=" .. string.format("%.5f", 105 + math.random() * 6)
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

done = function(summary, latency, requests)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "failures": %d, "seconds": %.3f, "median": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, failed, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
