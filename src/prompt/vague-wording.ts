/** A phrase that asks for quality without saying what it is, and how to say it instead. */
export interface VaguePhrase {
  pattern: RegExp;
  suggestion: string;
}

export const vaguePhrases: readonly VaguePhrase[] = [
  {
    pattern:
      /\b(?:handle|handles|handling)\s+(?:all\s+)?errors?(?:\s+(?:properly|gracefully|appropriately|correctly|well))?\b|\berror handling\b/i,
    suggestion:
      'name each failure and what happens then, e.g. "invalid JSON → 400 { error: \'invalid_body\' }; database down → 503, cause logged"',
  },
  {
    pattern: /\b(?:properly|appropriately|as appropriate|as needed|where needed|correctly|gracefully)\b/i,
    suggestion: 'say what "right" is here: the value, status code or behaviour a test can check',
  },
  {
    pattern: /\b(?:best practices|clean code|high[- ]quality|good quality|well[- ]written|idiomatic)\b/i,
    suggestion:
      'name the practice: e.g. "functions under 40 lines", "no `any`", "JSDoc on exported functions"',
  },
  {
    pattern: /\b(?:robust|user[- ]friendly|intuitive|scalable|efficient(?:ly)?|performant|fast|secure)\b/i,
    suggestion: 'give the measure: a latency, a size, an input it must survive, or the attack it must resist',
  },
  {
    pattern: /\b(?:etc\.?|and so on|and more|or similar)(?=\W|$)/i,
    suggestion: 'list every case; the model will not guess the rest of the list',
  },
  {
    pattern: /\b(?:make sure it works|should work|works? well|as usual|the usual way)\b/i,
    suggestion: 'name the test or command that shows it works',
  },
  {
    pattern: /\b(?:well[- ]tested|good (?:test )?coverage|add tests)\b/i,
    suggestion: 'name the tests: the cases, the file, and the framework the repository uses',
  },
];

// A sentence that carries one of these says what it means, even with a vague word in it.
const concreteMarkers = [
  /\d/,
  /`[^`]+`/,
  /"[^"]+"|'[^']+'/,
  /\b(?:return|returns|returning|respond|responds|throw|throws|reject|rejects|log|logs|retry|retries|status)\b/i,
  /[:→]\s*\S/,
];

/** The vague phrases in a text that nothing concrete next to them explains. */
export function findVagueWording(text: string): { phrase: string; suggestion: string }[] {
  const findings: { phrase: string; suggestion: string }[] = [];
  for (const sentence of text.split(/(?<=[.;!?])\s+|\n+/)) {
    if (concreteMarkers.some((marker) => marker.test(sentence))) continue;
    for (const { pattern, suggestion } of vaguePhrases) {
      const match = pattern.exec(sentence);
      if (match) {
        findings.push({ phrase: match[0], suggestion });
        break;
      }
    }
  }
  return findings;
}
