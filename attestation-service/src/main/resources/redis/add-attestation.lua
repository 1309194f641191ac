-- Adds one validated attestation to the pool and, if it completes a quorum, claims the quorum's
-- emission, all in one atomic step: two service instances sharing this Redis can never both claim.
-- Every key carries the slot as its hash tag ({slot}), so the script also runs on Redis Cluster.
--
-- KEYS[1] signers    hash  signer -> "<proposalHash>|<attestationHex>" (the signer's counted one)
-- KEYS[2] counted    hash  signer -> attestationHex, for this (slot, proposalHash)
-- KEYS[3] evidence   hash  signer -> "<proposalHash>|<attestationHex>" (second, different one)
-- KEYS[4] size       int   attestations kept in the slot (counted + evidence)
-- KEYS[5] claim      str   token of the caller that owns the quorum emission
-- KEYS[6] proposals  set   proposal hashes seen in the slot
-- KEYS[7] firstSeen  str   unix millis of this checkpoint's first attestation
-- ARGV: signer, proposalHash, attestationHex, maxPerSlot, quorum, ttlMillis, nowMillis, token
--
-- Returns {status, count, claimed ("1"/"0"), extra, [signer, attestationHex]...}:
-- extra is firstSeen when claimed, the first attestation when EQUIVOCATION, else "".
local signers, counted, evidence, size = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local claim, proposals, firstSeen = KEYS[5], KEYS[6], KEYS[7]
local signer, hash, att = ARGV[1], ARGV[2], ARGV[3]
local maxPerSlot, quorum, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local now, token = ARGV[7], ARGV[8]

-- Claims the emission if the quorum is reached and nobody holds it (or we already do: a retry).
local function countAndClaim(status)
  local n = redis.call('HLEN', counted)
  if n >= quorum then
    local holder = redis.call('GET', claim)
    if holder == token or (not holder and redis.call('SET', claim, token, 'NX', 'PX', ttl)) then
      local result = {status, tostring(n), '1', redis.call('GET', firstSeen) or now}
      local all = redis.call('HGETALL', counted)
      for i = 1, #all do
        result[#result + 1] = all[i]
      end
      return result
    end
  end
  return {status, tostring(n), '0', ''}
end

local known = redis.call('HGET', signers, signer)
if known then
  local sep = string.find(known, '|', 1, true)
  if string.sub(known, 1, sep - 1) == hash then
    return countAndClaim('DUPLICATE')
  end
  local seen = redis.call('HGET', evidence, signer)
  if seen then
    if string.sub(seen, 1, string.find(seen, '|', 1, true) - 1) == hash then
      return {'DUPLICATE', '0', '0', ''}
    end
    return {'SIGNER_CAP', '0', '0', ''}
  end
  if tonumber(redis.call('GET', size) or '0') >= maxPerSlot then
    return {'SLOT_FULL', '0', '0', ''}
  end
  redis.call('HSET', evidence, signer, hash .. '|' .. att)
  redis.call('INCR', size)
  redis.call('PEXPIRE', evidence, ttl)
  redis.call('PEXPIRE', size, ttl)
  return {'EQUIVOCATION', '0', '0', string.sub(known, sep + 1)}
end

if tonumber(redis.call('GET', size) or '0') >= maxPerSlot then
  return {'SLOT_FULL', '0', '0', ''}
end
redis.call('HSET', signers, signer, hash .. '|' .. att)
redis.call('HSET', counted, signer, att)
redis.call('SADD', proposals, hash)
redis.call('INCR', size)
redis.call('SET', firstSeen, now, 'NX')
for _, key in ipairs({signers, counted, proposals, size, firstSeen}) do
  redis.call('PEXPIRE', key, ttl)
end
return countAndClaim('ADDED')
