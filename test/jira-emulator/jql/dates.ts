// JQL date values: relative (`-5m`, `-2h`, `-1d`, `-1w`, `5m` ahead) from now, or absolute
// (`2024-05-01`, `2024/05/01 10:30`) read in the searching user's time zone. Minute-precise, as in Jira.

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The UTC offset of a time zone at an instant, in ms (Intl, no dependency). */
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** Epoch ms of a JQL date value, or undefined when it is not a date Jira would accept. */
export function jqlDate(text: string, timeZone: string, now: number): number | undefined {
  const relative = /^([-+]?)(\d+)([mhdw])$/i.exec(text.trim());
  if (relative) {
    const sign = relative[1] === '-' ? -1 : 1;
    const unit = UNIT_MS[(relative[3] as string).toLowerCase()] as number;
    return Math.floor((now + sign * Number(relative[2]) * unit) / 60_000) * 60_000;
  }
  const absolute = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!absolute) return undefined;
  const [, y, mo, d, h, mi] = absolute;
  const wallClock = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  // Two passes settle the offset across a daylight-saving change.
  let utc = wallClock - zoneOffsetMs(timeZone, wallClock);
  utc = wallClock - zoneOffsetMs(timeZone, utc);
  return utc;
}
