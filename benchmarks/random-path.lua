-- wrk script: GET a path template with a random claim id in 1..MAX_ID, e.g.
-- PATH_TEMPLATE=/v1/claims/{id}/chain?depth=4 MAX_ID=1000000 wrk -s random-path.lua http://127.0.0.1:5199
local template = os.getenv("PATH_TEMPLATE")
local max = tonumber(os.getenv("MAX_ID") or "1000")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", 7919 * counter)
end

function init(args)
  math.randomseed(seed)
end

function request()
  local path = string.gsub(template, "{id}", tostring(math.random(1, max)))
  return wrk.format("GET", path)
end
