// What a word before a period says about whether the period ends the sentence.
// Keys are lowercase and without the final period; inner periods stay ("e.g", "т.д").
//
// - 'never':   the period never ends a sentence before more text (titles, "e.g.", "cf.").
// - 'numeral': ends a sentence unless a number or a code follows ("No. 5", "Art. II", "p. 12").
//              Not 'never', because "modern art. The" and "no. Then" do end.
// - 'maybe':   ends before a capital, continues before a digit or "(" ("etc.", "Jan. 5"): the
//              issue asks to treat "etc. The" as an end.
// - 'starter': ends only before a word that usually starts a sentence (STARTERS below), since a
//              name or a proper noun follows them mid-sentence far more often ("Zeng et al.
//              Argue" is rare, "Acme Inc. CEO" and "у 2024 р. Україна" are common).
// Dotted acronyms not listed here (U.S., U.K., Ph.D.) and single capitals (initials, "J. Zeng")
// are 'starter' too.

export type AbbreviationKind = 'never' | 'numeral' | 'maybe' | 'starter';

const NEVER = [
  // titles and honorifics
  'mr', 'mrs', 'ms', 'messrs', 'dr', 'prof', 'st', 'gen', 'sen', 'rep', 'gov', 'hon', 'rev',
  'sgt', 'col', 'lt', 'capt', 'maj', 'cmdr', 'adm', 'pres', 'amb', 'mme', 'mlle',
  // Latin and scholarly
  'e.g', 'i.e', 'cf', 'vs', 'v', 'viz', 'approx', 'ca', 'incl', 'esp', 'resp', 'et', 'op', 'loc',
  'a.k.a', 'w.r.t',
  // Ukrainian: "напр." (for example), "див." (see), titles, "м." (city), "ім." (named after)
  'напр', 'див', 'проф', 'акад', 'доц', 'ім', 'вул', 'м', 'пор',
];

const NUMERAL = [
  'no', 'nos', 'art', 'arts', 'para', 'paras', 'p', 'pp', 'vol', 'vols', 'ch', 'chap', 'sec',
  'secs', 'fig', 'figs', 'eq', 'eqs', 'n', 'nn', 'fn', 'tab', 'ex', 'reg', 'dir', 'sect', 'subsec',
  // Ukrainian: стаття, пункт, частина, сторінка, том, розділ, підпункт, абзац
  'ст', 'п', 'ч', 'с', 'т', 'розд', 'пп', 'абз', 'гл',
];

const MAYBE = [
  'etc', 'ibid', 'ed', 'eds',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  // Ukrainian: і так далі, і тому подібне, інші, тисяча, мільйон, мільярд, гривня, область
  'т.д', 'т.п', 'ін', 'тис', 'млн', 'млрд', 'грн', 'обл', 'н.е',
];

const STARTER = [
  'al', 'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'bros', 'jr', 'sr',
  // Ukrainian: рік, роки ("у 2024 р. Україна ...")
  'р', 'рр',
];

const TABLE = new Map<string, AbbreviationKind>();
for (const w of NEVER) TABLE.set(w, 'never');
for (const w of NUMERAL) TABLE.set(w, 'numeral');
for (const w of MAYBE) TABLE.set(w, 'maybe');
for (const w of STARTER) TABLE.set(w, 'starter');

/** The kind of a word before a period (without that period), or undefined when it is no
 *  known abbreviation. */
export function abbreviationKind(word: string): AbbreviationKind | undefined {
  return TABLE.get(word) ?? TABLE.get(word.toLowerCase());
}

/** Capitalized words that usually open a sentence: after "U.S." or an initial they decide
 *  that the period was an end ("in the U.S. The ..."), where a name would not ("J. Zeng"). */
export const STARTERS: ReadonlySet<string> = new Set([
  'The', 'This', 'That', 'These', 'Those', 'It', 'Its', 'In', 'On', 'At', 'For', 'As', 'By', 'We',
  'They', 'He', 'She', 'A', 'An', 'But', 'And', 'Or', 'However', 'Moreover', 'Furthermore', 'Thus',
  'Therefore', 'Such', 'There', 'Our', 'Their', 'His', 'Her', 'Although', 'While', 'When', 'Where',
  'If', 'To', 'With', 'From', 'Many', 'Most', 'Some', 'All', 'Each', 'Both', 'Yet', 'Also', 'Nor',
  'What', 'Why', 'How', 'Who', 'Which', 'One', 'Another', 'Since', 'Because', 'After', 'Before',
  'During', 'Despite', 'Given', 'Not', 'Only', 'Instead', 'Meanwhile', 'Finally', 'First',
  'Second', 'Third', 'Overall', 'Indeed', 'Similarly', 'Likewise', 'Accordingly', 'Consequently',
  'Hence', 'Nevertheless', 'Nonetheless', 'Still', 'Then', 'Today', 'Now', 'You', 'My', 'Your',
  'Here', 'Other', 'Through', 'Under', 'Over', 'Against', 'Among', 'Between',
  // Ukrainian
  'Це', 'Ця', 'Цей', 'Ці', 'У', 'В', 'На', 'З', 'Із', 'До', 'Для', 'За', 'Але', 'Проте', 'Однак',
  'Водночас', 'Отже', 'Тому', 'Також', 'Крім', 'Як', 'Що', 'Ми', 'Вони', 'Він', 'Вона', 'Та', 'І',
  'А', 'Такий', 'Така', 'Таке', 'Такі', 'Саме', 'Зокрема', 'Після', 'Попри', 'Через', 'Усі',
]);
