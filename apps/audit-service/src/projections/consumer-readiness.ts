import type { ConsumerStatus } from '@tessera/messaging';
import type { ReadinessCheck } from '@tessera/http';

/**
 * Why the projections are not keeping up, or undefined while they are: the consumer is a member of its group (or has
 * been rejoining it for less than `stalledAfterMs`: every start or stop of any instance rebalances the group, and all
 * instances unready at once in a rolling deploy would take the query API down with them), a broker
 * answered it lately, and no batch has been held longer than `stalledAfterMs`. A healthy consumer hears from a broker
 * every second (its fetches wait one second at most), and a batch takes seconds at worst; a batch held longer waits on
 * something (a lock, a database that does not answer) and the partitions behind it are not projected meanwhile.
 */
export function consumerProblem(status: ConsumerStatus, now: number, stalledAfterMs: number): string | undefined {
  if (status.state === 'joining' && status.rejoiningSince !== undefined) {
    const rejoining = now - status.rejoiningSince;
    return rejoining > stalledAfterMs ? `the consumer has been rejoining its group for ${rejoining} ms` : undefined;
  }
  if (status.state !== 'consuming') return `the consumer is ${status.state}, not consuming`;
  if (status.handlingSince !== undefined && now - status.handlingSince > stalledAfterMs) {
    return `a batch has been in hand for ${now - status.handlingSince} ms`;
  }
  if (status.lastContactAt === undefined) return 'no broker has answered the consumer yet';
  if (now - status.lastContactAt > stalledAfterMs) return `no broker has answered the consumer for ${now - status.lastContactAt} ms`;
  return undefined;
}

/** Readiness that reflects the consumer: an instance whose projections stand still is not ready, whatever else answers. */
export function consumerReadiness(status: () => ConsumerStatus, stalledAfterMs: number): ReadinessCheck {
  return {
    name: 'consumer',
    async check() {
      const problem = consumerProblem(status(), Date.now(), stalledAfterMs);
      if (problem) throw new Error(problem);
    },
  };
}
