package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/internal/store"
	"github.com/myos-dev/myos/internal/textwidth"
	"github.com/myos-dev/myos/routines"
)

// TestReviewOnATerminal plays a person answering question by question:
// a wrong answer is asked again, Enter leaves a question, and the record
// and its commit hold exactly what was answered.
func TestReviewOnATerminal(t *testing.T) {
	in := strings.Join([]string{
		"n",       // plan-day (the first review asks nothing of yesterday)
		"perhaps", // not an answer: asked again
		"y",       // sleep today
		"Ship it", // what is the one thing
		"",        // did I stop on time: left
		"Good day",
	}, "\n") + "\n"
	d, dir := editTestOS(t, in, "true")
	// While the person answers, no lock is held: other commands go on.
	lock := filepath.Join(dir, ".git", store.LockFile)
	orig := d.io.In
	d.io.In = readerFunc(func(p []byte) (int, error) {
		if _, err := os.Stat(lock); err == nil {
			t.Error("the lock is held while the review waits for an answer")
		}
		return orig.Read(p)
	})
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v\n%s", err, d.io.ErrOut)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if !strings.Contains(out, "answer y, n or s") {
		t.Errorf("a wrong answer was not asked again:\n%s", out)
	}
	rec := dailyRecord(t, dir, "2026-11-25")
	day := mustDate(t, "2026-11-25")
	for _, c := range []struct{ id, day, want string }{
		{"plan-day", "2026-11-24", ""}, {"sleep", "2026-11-24", ""},
		{"plan-day", "2026-11-25", review.No}, {"sleep", "2026-11-25", review.Yes},
	} {
		if got := rec.Answer(c.id, mustDate(t, c.day)); got != c.want {
			t.Errorf("%s on %s: got %q, want %q", c.id, c.day, got, c.want)
		}
	}
	if len(rec.Prompts) != 1 || rec.Prompts[0].Answer != "Ship it" || rec.Note != "Good day" || rec.Date != day {
		t.Errorf("got prompts %+v and note %q, want one prompt answered and the note", rec.Prompts, rec.Note)
	}
	repo, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := repo.Head()
	if want := "review: 2026-11-25, 1/2 routines"; head.Message != want {
		t.Errorf("commit: got %q, want %q", head.Message, want)
	}
}

// TestReviewAbandoned: input that ends midway (Ctrl-D) leaves no record
// and no commit.
func TestReviewAbandoned(t *testing.T) {
	d, dir := editTestOS(t, "n\n", "true")
	repo, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := repo.Head()
	err = runReview(d, reviewOptions{})
	if err == nil || !strings.Contains(err.Error(), "abandoned") {
		t.Fatalf("got %v, want the review abandoned", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "reviews")); !os.IsNotExist(err) {
		t.Errorf("an abandoned review left %s/reviews behind", dir)
	}
	after, _ := repo.Head()
	if after.Hash != before.Hash {
		t.Errorf("HEAD moved from %s to %s", before.Short, after.Short)
	}
	// Ctrl-D at a prompt ends no line: the error printed next must not
	// follow the prompt on its line.
	if out := d.io.Out.(interface{ String() string }).String(); !strings.HasSuffix(out, "\n") {
		t.Errorf("output ends %q, want the prompt's line ended before the error", out[max(0, len(out)-60):])
	}
}

func mustDate(t *testing.T, s string) routines.Date {
	t.Helper()
	d, err := routines.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// TestReviewAsksAgainForALinkToNoTheme guards against a decision that
// cannot be made being taken on a terminal and refused only when the
// review records, after every question: all the answers were lost.
func TestReviewAsksAgainForALinkToNoTheme(t *testing.T) {
	d, dir := editTestOS(t, "link nosuch\nlink steady\n\n", "true")
	if err := runAdd(d, addOptions{kind: "priority", title: "Answer old email", values: map[string]string{}}); err != nil {
		t.Fatalf("add: %v", err)
	}
	opts := reviewOptions{answers: []string{"sleep=yes", "plan-day=no"}, prompts: []string{
		"what-is-the-one-thing=Ship it", "did-i-stop-working-on=Yes",
	}}
	if err := runReview(d, opts); err != nil {
		t.Fatalf("review: %v\n%s", err, d.io.ErrOut)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if !strings.Contains(out, `no theme "nosuch"`) {
		t.Errorf("the link to no theme was not refused when given:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, routines.FilePriorities))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `theme = "steady"`) {
		t.Errorf("got priorities.toml\n%s\nwant the priority linked to steady", b)
	}
	rec, err := os.ReadFile(filepath.Join(dir, review.Path(mustDate(t, "2026-11-25"), review.Daily)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec), `action = "link steady"`) || !strings.Contains(string(rec), `answer = "Ship it"`) {
		t.Errorf("got record\n%s\nwant the answers and the decision", rec)
	}
}

// TestReviewGivenLinkToNoThemeRefusedFirst: a decision given with
// --answer that cannot be made is refused before any question is asked.
func TestReviewGivenLinkToNoThemeRefusedFirst(t *testing.T) {
	d, _ := editTestOS(t, "y\n", "true")
	if err := runAdd(d, addOptions{kind: "priority", title: "Answer old email", values: map[string]string{}}); err != nil {
		t.Fatalf("add: %v", err)
	}
	out := d.io.Out.(interface{ Reset() })
	out.Reset()
	err := runReview(d, reviewOptions{answers: []string{"no-theme/answer-old-email=link nosuch"}})
	if err == nil || !strings.Contains(err.Error(), `no theme "nosuch"`) {
		t.Fatalf("got %v, want the link to no theme refused", err)
	}
	if s := d.io.Out.(interface{ String() string }).String(); strings.Contains(s, "done today?") {
		t.Errorf("questions were asked before the given answer was refused:\n%s", s)
	}
}

// TestReviewAbandonedAtCommitOffer: Ctrl-D at "Commit them first?" ends
// the prompt's line before the error, and commits nothing.
func TestReviewAbandonedAtCommitOffer(t *testing.T) {
	d, dir := editTestOS(t, "", "true")
	p := filepath.Join(dir, routines.FileRoutines)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(b, "# a hand edit\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	err = runReview(d, reviewOptions{})
	if err == nil || !strings.Contains(err.Error(), "abandoned") {
		t.Fatalf("got %v, want the review abandoned", err)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if !strings.Contains(out, "Commit them first?") || !strings.HasSuffix(out, "\n") {
		t.Errorf("got output %q, want the offer, its line ended", out)
	}
}

// TestReviewCommitOfferAsksAgain: an answer to "Commit them first?" that
// is neither yes nor no is asked again, not taken for no; "n" then leaves
// the hand edit as it was.
func TestReviewCommitOfferAsksAgain(t *testing.T) {
	d, dir := editTestOS(t, "maybe\nn\n", "true")
	p := filepath.Join(dir, routines.FileRoutines)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := append(b, "# a hand edit\n"...)
	if err := os.WriteFile(p, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	err = runReview(d, reviewOptions{})
	if err == nil || !strings.Contains(err.Error(), "review not started") {
		t.Fatalf("got %v, want the review not started after n", err)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if n := strings.Count(out, "Commit them first?"); n != 2 {
		t.Errorf("the offer was made %d times, want 2 (maybe is asked again):\n%s", n, out)
	}
	// Regression: the offer was made again without a word on why.
	if !strings.Contains(out, "answer y or n") {
		t.Errorf("maybe was asked again without saying what to answer:\n%s", out)
	}
	if now, _ := os.ReadFile(p); string(now) != string(edited) {
		t.Errorf("the hand edit changed")
	}
}

// TestReviewNothingAnswered: on a terminal, a review whose every question
// is left with Enter records nothing. An empty record marked the day
// reviewed, so the next day's review did not ask about its routines.
func TestReviewNothingAnswered(t *testing.T) {
	d, dir := editTestOS(t, strings.Repeat("\n", 20), "true")
	repo, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := repo.Head()
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "reviews")); !os.IsNotExist(err) {
		t.Errorf("a review with nothing answered left %s/reviews behind", dir)
	}
	after, _ := repo.Head()
	if after.Hash != before.Hash {
		t.Errorf("HEAD moved from %s to %s (%s)", before.Short, after.Short, after.Message)
	}
	if out := d.io.Out.(interface{ String() string }).String(); !strings.Contains(out, "nothing was recorded") {
		t.Errorf("the person was not told that nothing was recorded:\n%s", out)
	}
}

// TestReviewHeaderAndNote guards the words a person reads at the terminal:
// the day named as `myos today` names it, and the weekly review asking
// for a note for the week, not for today.
func TestReviewHeaderAndNote(t *testing.T) {
	d, _ := editTestOS(t, "y\ny\n\n\n\n", "true")
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v", err)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if !strings.Contains(out, "Review of Wednesday 25 November 2026\n") || !strings.Contains(out, "A note for today") {
		t.Errorf("the daily review's header or note question is off:\n%s", out)
	}
	d, _ = editTestOS(t, strings.Repeat("keep\n", 10)+"\n\n\n", "true")
	if err := runReview(d, reviewOptions{weekly: true}); err != nil {
		t.Fatalf("weekly review: %v", err)
	}
	out = d.io.Out.(interface{ String() string }).String()
	if !strings.Contains(out, "A note for the week") || strings.Contains(out, "A note for today") {
		t.Errorf("the weekly review asks for a note for today:\n%s", out)
	}
}

// TestReviewTypedDecisionsAgree: at the terminal, an answer that decides
// an item another way than an earlier answer did is asked again, as a
// given one is refused; the record holds only decisions that were made.
func TestReviewTypedDecisionsAgree(t *testing.T) {
	// Two questions about one priority: it serves no theme, and it is
	// past its due date. Enter leaves the routines and prompts.
	d, dir := editTestOS(t, "\n\n\n\ndrop\ndone\nkeep\n\n", "true")
	p := filepath.Join(dir, routines.FilePriorities)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	mail := "\n[[priority]]\nid = \"mail\"\ntitle = \"Answer old email\"\ndue = 2026-11-20\n"
	if err := os.WriteFile(p, append(b, mail...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runCommit(d, commitOptions{message: "mail"}); err != nil {
		t.Fatal(err)
	}
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v", err)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if !strings.Contains(out, "two ways") {
		t.Errorf("the second decision was not refused:\n%s", out)
	}
	rec, err := os.ReadFile(filepath.Join(dir, "reviews", "2026", "2026-11-25.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(rec), `action = "done"`) || !strings.Contains(string(rec), `action = "drop"`) {
		t.Errorf("the record holds a decision not made:\n%s", rec)
	}
	if now, _ := os.ReadFile(p); !strings.Contains(string(now), `status = "dropped"`) {
		t.Errorf("the priority was not dropped:\n%s", now)
	}
}

// TestReviewAfterDaysAway: back after a week, each routine's days before
// yesterday are asked at once — all, none, skipped, left, or day by day —
// not one question a day.
func TestReviewAfterDaysAway(t *testing.T) {
	in := strings.Join([]string{
		"maybe", // sleep's six days before yesterday, the first left open: not an answer, asked again
		"d",     // ... day by day
		"y",     // sleep on 11-25
		"a",     // plan-day's three weekdays before yesterday (the 25th was answered): all done
		"n",     // sleep on 11-26
		"s",     // the weekly review on Friday 11-27 (16:00): one day, asked on its own
		"",      // sleep on 11-27 (22:30): left
	}, "\n") + "\n" + strings.Repeat("\n", 20)
	d, dir := editTestOS(t, in, "true")
	d.io.Width = 200 // a wide terminal: each question on one line
	// The first review, on the morning the OS began, answers plan-day
	// and leaves sleep open.
	d.io.InTTY = false
	if err := runReview(d, reviewOptions{answers: []string{"plan-day=yes"}, partial: true}); err != nil {
		t.Fatalf("first review: %v\n%s", err, d.io.ErrOut)
	}
	d.io.InTTY = true
	now := time.Date(2026, 12, 2, 8, 30, 0, 0, time.UTC)
	d.now = func() time.Time { return now }
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v\n%s", err, d.io.ErrOut)
	}
	out := d.io.Out.(interface{ String() string }).String()
	for _, want := range []string{
		"Pick the one thing for today — done on the 3 days it was due from Thursday 26 November to Monday 30 November?",
		"answer a, n, s or d",
		"Go to sleep on time — done on the 6 days it was due from Wednesday 25 November to Monday 30 November?",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	rec := dailyRecord(t, dir, "2026-12-02")
	for _, c := range []struct{ id, day, want string }{
		{"sleep", "2026-11-25", review.Yes}, {"sleep", "2026-11-26", review.No}, {"sleep", "2026-11-27", ""},
		{"plan-day", "2026-11-26", review.Yes}, {"plan-day", "2026-11-27", review.Yes}, {"plan-day", "2026-11-30", review.Yes},
		{"plan-day", "2026-11-28", ""}, // a Saturday: not due, not answered
		{"weekly-review", "2026-11-27", review.Skip},
	} {
		if got := rec.Answer(c.id, mustDate(t, c.day)); got != c.want {
			t.Errorf("%s on %s: got %q, want %q", c.id, c.day, got, c.want)
		}
	}
}

// chunkReader hands its chunks over one Read at a time, as a terminal
// hands over what was typed or pasted at once.
type chunkReader struct{ chunks []string }

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	if r.chunks[0] = r.chunks[0][n:]; r.chunks[0] == "" {
		r.chunks = r.chunks[1:]
	}
	return n, nil
}

// TestReviewPasteOfSeveralLines guards against a paste of several lines
// answering the questions after the one it was pasted at: at a prompt it
// is one answer, ended by an empty line (its last line often comes
// without its Enter); at a yes/no question none of its lines is taken.
func TestReviewPasteOfSeveralLines(t *testing.T) {
	d, dir := editTestOS(t, "", "true")
	d.io.In = &chunkReader{chunks: []string{
		"n\n",                          // plan-day
		"yes\nno\n",                    // sleep: a paste, refused
		"y\n",                          // sleep, typed
		"Ship it\nthen rest\n\nno\nno", // the one thing: pasted, the last line without its Enter
		"\n",                           // ... which is typed
		"\n",                           // the empty line that ends the answer
		"\n",                           // did I stop on time: left
		"Good day\nreally\n",           // the note, pasted
		"\n",
	}}
	d.io.pending = func() bool { return false } // a terminal, on which nothing more waits than was read
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v\n%s", err, d.io.ErrOut)
	}
	out := d.io.Out.(interface{ String() string }).String()
	if want := "2 lines came at once: none was taken; answer y, n or s"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	rec := dailyRecord(t, dir, "2026-11-25")
	if got := rec.Answer("sleep", mustDate(t, "2026-11-25")); got != review.Yes {
		t.Errorf("sleep: got %q, want %q", got, review.Yes)
	}
	if len(rec.Prompts) != 1 || rec.Prompts[0].Answer != "Ship it\nthen rest\n\nno\nno" {
		t.Errorf("got prompts %+v, want the paste as the one thing's answer", rec.Prompts)
	}
	if rec.Note != "Good day\nreally" {
		t.Errorf("note: got %q, want %q", rec.Note, "Good day\nreally")
	}
}

// TestReviewWhyInWords guards the terminal's answer to "Why do you keep
// the routine?": a plain sentence is the why, not a choice refused for
// not beginning with "why".
func TestReviewWhyInWords(t *testing.T) {
	d, dir := editTestOS(t, "", "true")
	if err := runAdd(d, addOptions{kind: "routine", title: "Stretch", values: map[string]string{"cadence": "daily"}, given: []string{"cadence"}}); err != nil {
		t.Fatalf("add: %v", err)
	}
	d.io.In = strings.NewReader("y\ny\ny\n\n\nIt keeps my back straight\n\n")
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v\n%s", err, d.io.ErrOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "routines.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `why = "It keeps my back straight"`) {
		t.Errorf("routines.toml lacks the why:\n%s\n%s", b, d.io.Out)
	}
}

func TestTakeWords(t *testing.T) {
	q := review.Question{Kind: review.AskChoice, Choices: []review.Choice{{Action: "why", Arg: "text"}, {Action: "retire"}, {Action: "keep"}}}
	for in, want := range map[string]string{
		"It keeps me calm": "why It keeps me calm",
		"why It keeps me":  "why It keeps me",
		"Keep":             "Keep",
		"retire":           "retire",
		"Keeps me calm":    "why Keeps me calm",
		"":                 "",
		// Regression: the start of a choice's word, as the review's help
		// offers it (r for retire), was taken for the why: why = "r".
		"r":                "r",
		"K":                "K",
		"why: it calms me": "why: it calms me",
		"Relaxes my back":  "why Relaxes my back",
	} {
		if got := q.TakeWords(in); got != want {
			t.Errorf("TakeWords(%q): got %q, want %q", in, got, want)
		}
	}
	noText := review.Question{Kind: review.AskChoice, Choices: []review.Choice{{Action: "drop"}, {Action: "keep"}}}
	if got := noText.TakeWords("maybe later"); got != "maybe later" {
		t.Errorf("a question without text: got %q", got)
	}
}

// dailyRecord reads the daily record of day in the OS folder dir.
func dailyRecord(t *testing.T, dir, day string) *review.Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, review.Path(mustDate(t, day), review.Daily)))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := review.Parse("record", b)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestReviewFitsNarrowTerminal guards the review on a narrow terminal
// (a phone over ssh, a split pane): a question longer than the width is
// broken between words, not by the terminal in the middle of one.
func TestReviewFitsNarrowTerminal(t *testing.T) {
	d, _ := editTestOS(t, "", "true")
	if err := runAdd(d, addOptions{kind: "priority", title: "Answer the old email from the accountant", values: map[string]string{}}); err != nil {
		t.Fatalf("add: %v", err)
	}
	d.io.Width = 40
	d.io.In = strings.NewReader(strings.Repeat("\n", 20))
	d.io.Out.(*bytes.Buffer).Reset()
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v", err)
	}
	out := d.io.Out.(*bytes.Buffer).String()
	if !strings.Contains(out, "\"Answer the old email from the\naccountant\" is tied to no active") {
		t.Errorf("the question is not broken between words at 40 columns:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "tied to no active theme") && textwidth.Width(line) > 40 {
			t.Errorf("line of %d columns: %q", textwidth.Width(line), line)
		}
	}
	// The prompt a routine's answer follows, 42 columns, broke "it" in two.
	if !strings.Contains(out, "\n  [y]es, [n]o, [s]kip, Enter to leave\n  it: ") {
		t.Errorf("the prompt is not broken between words at 40 columns:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		// The cursor after a prompt takes a column too.
		if w := textwidth.Width(line); strings.HasSuffix(line, ": ") && w > 39 {
			t.Errorf("prompt of %d columns at 40: %q", w, line)
		}
	}
}

// TestPromptFits checks IO.prompt: it keeps the prompt's indent and the
// space the answer follows, and leaves a prompt that fits, or is off a
// terminal, as it is.
func TestPromptFits(t *testing.T) {
	const p = "  [a]ll of them, [n]one, [s]kip them, [d]ay by day, Enter to leave them: "
	tests := []struct {
		width int
		tty   bool
		want  string
	}{
		{80, true, p},
		{40, false, p},
		{0, true, p},
		{40, true, "  [a]ll of them, [n]one, [s]kip them,\n  [d]ay by day, Enter to leave them: "},
		{30, true, "  [a]ll of them, [n]one,\n  [s]kip them, [d]ay by day,\n  Enter to leave them: "},
	}
	for _, tt := range tests {
		s := &IO{OutTTY: tt.tty, Width: tt.width}
		if got := s.prompt(p); got != tt.want {
			t.Errorf("width %d, terminal %v: got %q, want %q", tt.width, tt.tty, got, tt.want)
		}
	}
}

// TestReviewContextFitsNarrowTerminal: what changed since the last
// review, the day at a glance and the priorities in progress break
// between words at 40 columns, each going on under itself.
func TestReviewContextFitsNarrowTerminal(t *testing.T) {
	d, _ := editTestOS(t, "", "true")
	d.io.Width = 40
	d.io.In = strings.NewReader(strings.Repeat("\n", 20))
	if err := runReview(d, reviewOptions{partial: true, note: "first"}); err != nil {
		t.Fatalf("first review: %v", err)
	}
	day2 := d.now().AddDate(0, 0, 1)
	d.now = func() time.Time { return day2 }
	if err := runAdd(d, addOptions{kind: "priority", title: "Answer the old email from the accountant about the taxes",
		values: map[string]string{"status": "doing"}}); err != nil {
		t.Fatalf("add priority: %v", err)
	}
	if err := runAdd(d, addOptions{kind: "block", title: "Quiet reading of the papers the team sent last week",
		values: map[string]string{"days": "daily", "start": "16:00", "end": "17:00"}}); err != nil {
		t.Fatalf("add block: %v", err)
	}
	d.io.In = strings.NewReader(strings.Repeat("\n", 20))
	d.io.Out.(*bytes.Buffer).Reset()
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v", err)
	}
	fitsIn(t, d.io.Out.(*bytes.Buffer).String(), 40,
		"\n  block\n    \"quiet-reading-of-the-papers-the-tea\n    m-sent-last-w\" added (daily\n    16:00–17:00)\n",
		"\n  16:00–17:00  Quiet reading of the\n               papers the team sent last\n               week\n",
		"\n  doing: Answer the old email from the\n         accountant about the taxes\n",
	)
}

// fitsIn checks that out holds each of want and that no line of it is
// wider than width columns.
func fitsIn(t *testing.T, out string, width int, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("want %q in:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if w := textwidth.Width(line); w > width {
			t.Errorf("line of %d columns at %d: %q", w, width, line)
		}
	}
}

// TestReviewMessagesFitNarrowTerminal guards what the review says between
// its questions on a narrow terminal: the heading with no earlier review,
// a paste refused, a wrong answer, the hint that an answer has several
// lines, and the commit. Written as one line each, they were broken by
// the terminal in the middle of words.
func TestReviewMessagesFitNarrowTerminal(t *testing.T) {
	d, dir := editTestOS(t, "", "true")
	d.io.Width = 40
	out := d.io.Out.(*bytes.Buffer)
	out.Reset()
	in := &chunkReader{chunks: []string{
		"yes\nno\n",            // plan-day: a paste, refused
		"perhaps\n",            // not an answer
		"n\n",                  // plan-day
		"y\n",                  // sleep
		"Ship it\nthen rest\n", // the one thing, pasted
		"\n",                   // the empty line that ends it
		"\n",                   // did I stop on time: left
		"Fine\nreally\n",       // the note, pasted
		"\n",
	}}
	// A terminal shows what is typed, the Enter that ends each line too.
	d.io.In = readerFunc(func(p []byte) (int, error) {
		n, err := in.Read(p)
		out.Write(p[:n])
		return n, err
	})
	d.io.pending = func() bool { return false }
	if err := runReview(d, reviewOptions{}); err != nil {
		t.Fatalf("review: %v\n%s", err, d.io.ErrOut)
	}
	if rec := dailyRecord(t, dir, "2026-11-25"); rec.Note != "Fine\nreally" {
		t.Errorf("note: got %q, want %q", rec.Note, "Fine\nreally")
	}
	fitsIn(t, out.String(), 40,
		"What changed\n  (no earlier review to compare with)\n",
		"  2 lines came at once: none was taken;\n  answer y, n or s\n",
		"  (several lines: an empty line ends the\n  answer)\n",
	)
}

// TestWeeklyReviewTablesFitNarrowTerminal guards the weekly review's
// tables on a narrow terminal: their first column was 28 columns
// wherever they were shown, and each row of routines (43 columns) and of
// themes (56) was broken by a 40-column terminal into a row and a stray
// end.
func TestWeeklyReviewTablesFitNarrowTerminal(t *testing.T) {
	d, _ := editTestOS(t, strings.Repeat("\n", 20), "true")
	d.io.Width = 40
	out := d.io.Out.(*bytes.Buffer)
	out.Reset()
	if err := runReview(d, reviewOptions{weekly: true}); err != nil {
		t.Fatalf("weekly review: %v", err)
	}
	fitsIn(t, out.String(), 40, "Routines this week\n", "Calendar hours and open work per theme\n")
}

// TestColumn checks IO.column: the table's first column as it is where
// the row fits or off a terminal, and narrowed to the terminal's width,
// to 10 columns at least, where it does not.
func TestColumn(t *testing.T) {
	tests := []struct {
		width int
		tty   bool
		want  int
	}{
		{80, true, 28},
		{40, false, 28},
		{0, true, 28},
		{40, true, 25},
		{20, true, 10},
	}
	for _, tt := range tests {
		s := &IO{OutTTY: tt.tty, Width: tt.width}
		if got := s.column(28, 13); got != tt.want {
			t.Errorf("width %d, terminal %v: got %d, want %d", tt.width, tt.tty, got, tt.want)
		}
	}
}
