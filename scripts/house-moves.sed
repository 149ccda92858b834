# Issue 17 ("the house"): old fully-qualified names -> new ones. Apply to Java sources of other branches:
#   git ls-files -z '*.java' | xargs -0 sed -i -E -f scripts/house-moves.sed
# Rules are ordered: single classes first, whole packages last.
# --- engine: contracts in engine/, implementations in engine/memory/ and engine/redis/
s/\bio\.sluice\.node\.NodeIdentity\b/io.sluice.node.engine.NodeIdentity/g
s/\bio\.sluice\.node\.NodeContext\b/io.sluice.node.context.NodeContext/g
s/\bio\.sluice\.node\.broker\.(Broker|ControlCommand)\b/io.sluice.node.engine.\1/g
s/\bio\.sluice\.node\.broker\.MemoryBroker\b/io.sluice.node.engine.memory.MemoryBroker/g
s/\bio\.sluice\.node\.broker\.(RedisBroker|ControlCodec|ChannelMessage)\b/io.sluice.node.engine.redis.\1/g
s/\bio\.sluice\.node\.presence\.(PresenceManager|PresenceStats)\b/io.sluice.node.engine.\1/g
s/\bio\.sluice\.node\.presence\.MemoryPresence\b/io.sluice.node.engine.memory.MemoryPresence/g
s/\bio\.sluice\.node\.presence\.RedisPresence\b/io.sluice.node.engine.redis.RedisPresence/g
s/\bio\.sluice\.node\.cluster\.(Cluster|NodeInfo)\b/io.sluice.node.engine.\1/g
s/\bio\.sluice\.node\.cluster\.LocalCluster\b/io.sluice.node.engine.memory.LocalCluster/g
s/\bio\.sluice\.node\.cluster\.RedisCluster\b/io.sluice.node.engine.redis.RedisCluster/g
s/\bio\.sluice\.node\.engine\.MemoryEngine\b/io.sluice.node.engine.memory.MemoryEngine/g
s/\bio\.sluice\.node\.redis\.([A-Z][A-Za-z]*)\b/io.sluice.node.engine.redis.\1/g
