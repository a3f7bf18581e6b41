-- The same points as nearby.sql: around Fuzhou or Quanzhou, ±0.15°; nearest 10 within 2 km.
math.randomseed(42)
request = function()
  local c = (math.random() < 0.5) and {119.296, 26.075} or {118.676, 24.874}
  local lon = c[1] + (math.random() - 0.5) * 0.3
  local lat = c[2] + (math.random() - 0.5) * 0.3
  return wrk.format("GET", string.format("/api/nearby?lon=%.5f&lat=%.5f&layer=institutions&limit=10&max_distance_m=2000", lon, lat))
end
