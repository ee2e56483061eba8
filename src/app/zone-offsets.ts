import { IANAZone } from 'luxon';

/**
 * Luxon asks Intl for a zone's UTC offset (formatToParts) every time it makes or moves a
 * DateTime in an IANA zone, two or three times per operation; a report's period, its
 * comparison period and their titles take dozens. That was 1–1.5 ms of CPU per report message.
 *
 * Offsets only change at a zone's transitions, so they are remembered per hour: when the offset
 * at the start of an hour equals the offset at its last millisecond, it is that hour's offset
 * for every instant in it (no zone has two transitions within an hour). An hour that holds a
 * transition is not remembered; its instants are asked of Intl as before. Exact, for every zone
 * and every instant, including historical offsets in seconds (tested against luxon's own).
 */

const HOUR_MS = 3_600_000;
/** Hours remembered per zone before starting afresh: 2¹⁶ hours is seven years of them. */
const MAX_HOURS = 65_536;

const TRANSITION = Symbol('transition');
type Remembered = number | typeof TRANSITION;

let installed = false;

export function installZoneOffsetCache(): void {
  if (installed) return;
  installed = true;
  const offsetOf = IANAZone.prototype.offset;
  const hoursByZone = new Map<string, Map<number, Remembered>>();
  IANAZone.prototype.offset = function offset(this: IANAZone, ts: number): number {
    if (!this.isValid || !Number.isFinite(ts)) return offsetOf.call(this, ts);
    let hours = hoursByZone.get(this.name);
    if (!hours) hoursByZone.set(this.name, (hours = new Map()));
    const hour = Math.floor(ts / HOUR_MS);
    let known = hours.get(hour);
    if (known === undefined) {
      const first = offsetOf.call(this, hour * HOUR_MS);
      const last = offsetOf.call(this, hour * HOUR_MS + HOUR_MS - 1);
      known = first === last ? first : TRANSITION;
      if (hours.size >= MAX_HOURS) hours.clear();
      hours.set(hour, known);
    }
    return known === TRANSITION ? offsetOf.call(this, ts) : known;
  };
}
