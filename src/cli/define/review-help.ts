// The help text of `codeframe review`, kept apart so `--help` does not load the server.
export const REVIEW_HELP = `
Opens a page for coders at http://127.0.0.1:4173/ (keys: a accept, r reject, j/k next/previous,
u undo, c add a code, s re-span, n negate, m memo, ? help). Decisions go to the database at once.

Queue: --queue ID, else the database's only queue, else --build makes one over every coded unit
(--sample N --seed S: a reproducible sample stratified by actor group).
Double coding: --assign ann,bob gives every unit to both; each sees only their own decisions.
Adjudication: --adjudicator judge shows judge the disagreements side by side.
Network: --host 0.0.0.0 needs --token-file FILE, one "CODER TOKEN" line per coder
(make one: echo "ann $(openssl rand -hex 16)" >> tokens.txt); coders open the URL and paste their token.
Terminal: --cli --coder ann reviews the same queue in the terminal (same keys, same decision log).
Examples:
  codeframe review --build --coder ann
  codeframe review --cli --coder ann
  codeframe review --build --sample 200 --seed 1 --assign ann,bob --adjudicator judge
  codeframe review --host 0.0.0.0 --port 8080 --token-file tokens.txt --adjudicator judge`;
