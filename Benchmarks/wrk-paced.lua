-- wrk at a given rate and request mix (Benchmarks/generator-vs-wrk.sh):
--   wrk -t1 -c N -d S -s Benchmarks/wrk-paced.lua http://HOST:PORT -- GAP_MS PLAYLISTS_PER_SEGMENT
-- Each connection waits GAP_MS before each request (wrk's `delay()` hook: N / GAP_MS x 1000
-- requests a second over N connections), and the requests walk PLAYLISTS_PER_SEGMENT playlist
-- reloads then one segment, the mix the swarm's HLS players made, on the static copies the
-- script serves (/static/index.m3u8, /static/segment.ts).
local paths = {}
local gap = 1000

function init(args)
  gap = tonumber(args[1]) or 1000
  local per = tonumber(args[2]) or 1
  for _ = 1, per do paths[#paths + 1] = "/static/index.m3u8" end
  paths[#paths + 1] = "/static/segment.ts"
end

local next_path = 0

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function delay()
  return gap
end
