// What "self-contained" means for the report, as one check the tests share: no script, nothing
// fetched from anywhere (no http(s) or protocol-relative src/href/url(), no @import, no <link>,
// no embedded objects), and every link a fragment of the page itself.
export function selfContainedProblems(html: string): string[] {
  const problems: string[] = [];
  const bad: [RegExp, string][] = [
    [/<script\b/i, '<script>'],
    [/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i, 'src/href to another host'],
    [/url\(\s*["']?\s*(?:https?:)?\/\//i, 'url() to another host'],
    [/@import\b/i, '@import'],
    [/@font-face\b/i, '@font-face'],
    [/<link\b/i, '<link>'],
    [/<(?:img|iframe|object|embed|video|audio|source)\b/i, 'embedded resource'],
  ];
  for (const [re, what] of bad) if (re.test(html)) problems.push(`${what}: ${re.exec(html)![0]}`);
  for (const m of html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)) {
    if (!m[1]!.startsWith('#')) problems.push(`link not inside the page: ${m[0]}`);
  }
  return problems;
}
