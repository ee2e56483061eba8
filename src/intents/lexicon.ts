/**
 * Word lists shared by the rules. Kept as data so the grammar can grow by adding words,
 * not by adding regexes tuned to particular sentences.
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

/** Command words a typo may be corrected to (see fuzzy.ts). Distinctive words only. */
export const COMMAND_WORDS: ReadonlySet<string> = new Set(
  words(`log call called phoned meeting email emailed note ticket tickets remind reminder reminders
  deal deals opportunity opportunities customer customers contact order ordered revenue pipeline
  segment segments report activities close resolve reopen assign priority urgent pending create
  show lookup search help tomorrow today yesterday monday tuesday wednesday thursday friday saturday
  sunday january february march april july august september october november december quarter month
  week follow list open proposal negotiation qualified purchased bought record update mark schedule what commands`),
);

/** Correctable words that may start a sentence capitalised ("Remnd me…"). Nouns are excluded on purpose. */
export const SENTENCE_START_WORDS: ReadonlySet<string> = new Set(
  words(`log remind create show search help close resolve reopen assign update mark record lookup
  called phoned emailed what schedule follow`),
);

/**
 * Real English words one edit away from a command word: never "corrected"
 * ("contract" is not a typo of "contact", "lost" not of "list", "spending" not of "pending").
 */
export const KNOWN_WORDS: ReadonlySet<string> = new Set(
  words(`cell hall tall fall wall mall ball calm calls falls halls cells balls walls calmed culled
  nose node vote tote mote nite none nope noted notes votes noses nodes
  dead dear dean heal meal real seal veal zeal deaf dell dial duel heals meals seals dials duels ideal
  mail mails emails older odder border orders ordre picket wicket ticked oven omen opens oped
  chose clone closet cloze closer closes closed snow shoe shot shop slow stow chow shows shown
  more mode mole love movie mover moved moves mope cove park dark bark mask mare marks marked mart murk
  held hell kelp helm heap yelp hemp seek weak peek weed weeks meek reek months mouth
  near dear tear bear hear wear gear fear rear yeah years yearn toady rewind remand reminded
  resort repost deport reports assigns updated upgrade chance changed changes charge crate created creates
  records recorded recode penning spending bending lending sending tending vending revolve meting melting
  meetings contract contacts contracts lost list last lust mist fist bought brought sought fought
  what that chat whet wheat whats shat quartet quarters reopened resolved searched searches
  segmented pipelines revenues reported reporter emailer phone phones phoner honed posted poll
  shower showed showy marker market markets today's todays nay tomorrow's monday's sundays mondays
  weekly monthly yearly quarterly follows fellow hollow follower report's deal's
  the and for with from this that have has had was were are is be been not but all any can
  will just about into over after before then than them they their there here when where which
  while would could should shall must may might also only very much more most some such other
  each every both either neither what who whom whose how why yes no our your his her its
  mine ours yours hers one two three four five six seven eight nine ten new old good bad
  tell told give gave take took make made send sent call also still even back well way
  time times day days work works worked worker team teams plan plans plane plant plate
  price prices quote quotes order sale sales sold sell sells user users seat seats license
  licenses licence licences pro team plus basic enterprise premium site sites issue issues
  bug bugs page pages login logins sign signed signs fine find found fund funds fond`),
);

/** Words that end a lower-case name ("log call wide world importers no answer"). */
export const NAME_STOP: ReadonlySet<string> = new Set(
  words(`a an the and or but to for from with at on in of by about re regarding concerning
  no not yes is are was were be been has have had will would should can could did do does
  that this these those it its they them their he him his she her we us our i me my you your
  who what when where why how which while if then than so as via per
  said says say asked asks ask wants want wanted needs need needed agreed agree discussed discuss
  went going go goes left leaving called call calls phoned emailed met meeting meetings email emails
  note notes ticket tickets deal deals order orders ordered bought purchased priority urgent asap
  high low normal medium stage worth valued closing close closes due follow followup
  today tomorrow tonight yesterday next last this every morning afternoon evening
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  week weeks month months quarter quarters year years day days end in within
  account accounts customer customers client clients company profile record details info
  please thanks thx regarding just also already finally still really
  move mark set change update push bump put add create new log show find get give assign reassign
  open record remind make list look lookup search pull tell check view display send sent
  won lost signed saying says wrote phone spoke talked met visited demo demoed back again
  status stage amount value title plan`),
);

/** Small numbers written as words, for "in two days", "top five". */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
  couple: 2, few: 3,
};

export const NUMBER_WORD_RE = Object.keys(NUMBER_WORDS).join('|');

/** "3", "three", "a couple of" → number, or null. */
export function readCount(s: string): number | null {
  const t = s.trim().toLowerCase().replace(/^a\s+(couple|few)(\s+of)?$/, '$1');
  if (/^\d+$/.test(t)) return Number(t);
  return NUMBER_WORDS[t] ?? null;
}
