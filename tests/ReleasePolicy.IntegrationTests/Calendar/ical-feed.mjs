// An independent RFC 5545 parser reads our ICS feed: ical.js (npm, Mozilla's calendar library) parses the file, checks
// that every TZID an event uses resolves to a VTIMEZONE inside the feed, and expands each event in [from, to).
// Usage: node ical-feed.mjs <feed.ics> <fromIso> <toIso>
// Prints one JSON object; exit code 0 when the feed parsed and every TZID resolved.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const [file, fromIso, toIso] = process.argv.slice(2);
const problems = [];
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const from = ICAL.Time.fromJSDate(new Date(fromIso), true);
const to = ICAL.Time.fromJSDate(new Date(toIso), true);
const timezones = root.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid"));
const iso = (time) => time.toJSDate().toISOString().replace(".000Z", "Z");

const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const tzid = component.getFirstProperty("dtstart").getParameter("tzid") ?? null;
  // Resolved from the feed's own VTIMEZONE: ical.js's global zone service is empty here, so nothing else could answer.
  const zoneResolved = tzid === null || (event.startDate.zone?.tzid === tzid && event.startDate.zone.component != null);
  if (!zoneResolved) problems.push(`${event.uid}: TZID ${tzid} does not resolve to a VTIMEZONE in the feed`);
  for (const name of ["uid", "dtstamp", "dtstart"]) {
    if (!component.hasProperty(name)) problems.push(`${event.uid}: no ${name.toUpperCase()}`);
  }

  const occurrences = [];
  const iterator = event.iterator();
  for (let next = iterator.next(), guard = 0; next && next.compare(to) < 0 && guard < 5000; next = iterator.next(), guard++) {
    const details = event.getOccurrenceDetails(next);
    if (details.endDate.compare(from) > 0) occurrences.push({ start: iso(details.startDate), end: iso(details.endDate) });
    if (!event.isRecurring()) break;
  }

  return {
    uid: event.uid,
    summary: event.summary,
    categories: component.getFirstPropertyValue("categories"),
    tzid,
    rrule: component.getFirstProperty("rrule")?.toICALString().replace(/^RRULE:/, "") ?? null,
    occurrences,
  };
});

console.log(JSON.stringify({ prodid: root.getFirstPropertyValue("prodid"), version: root.getFirstPropertyValue("version"), timezones, events, problems }));
process.exit(problems.length === 0 ? 0 : 1);
