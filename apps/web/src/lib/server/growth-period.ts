/** The period a growth report covers: from the query, or the last 30 days up to today. */
const DAY_MS = 86_400_000;

export function periodFrom(url: URL, now: Date): { from: string; to: string } {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return {
    from: url.searchParams.get("from") ?? iso(new Date(now.getTime() - 30 * DAY_MS)),
    to: url.searchParams.get("to") ?? iso(now),
  };
}
