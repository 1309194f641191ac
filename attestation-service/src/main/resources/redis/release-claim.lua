-- Deletes the quorum claim KEYS[1] only if ARGV[1] (the caller's token) holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
