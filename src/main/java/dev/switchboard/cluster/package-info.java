/**
 * Scale-out: several nodes that are one chat, through Redis. Only active when
 * {@code switchboard.cluster.redis-url} (or {@code redis-cluster-nodes}) is set; then its
 * {@link dev.switchboard.routing.Rooms}, {@link dev.switchboard.routing.Nicks} and
 * {@link dev.switchboard.routing.Peers} take the place of the single-node ones. Room
 * lines travel on one Redis pub/sub channel per room, nicks are Redis leases, membership
 * is a Redis hash per room, and nodes say they are alive on a control channel. Nothing
 * outside this package depends on it. docs/CLUSTER.md.
 */
@NullMarked
package dev.switchboard.cluster;

import org.jspecify.annotations.NullMarked;
