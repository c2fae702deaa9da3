// Package render turns the model into things people read: the terminal day
// and week views, the README narrative and the week page.
//
// Every function here takes values (an OS, a plan, options) and writes
// text; none of them looks at the terminal, the environment or the clock.
// Whether colour is on and how wide the output may be are decided by the
// caller and passed in Options, so the same plan renders the same bytes in
// a test as on a screen.
package render

// Options say how a view is drawn. The caller decides them from the
// terminal; render never asks.
type Options struct {
	// Width is how many columns a line may take; views that need room
	// take more (the week grid is never narrower than 80).
	Width int
	// Color turns on ANSI styles: bold headings, faint details and a
	// colour per theme.
	Color bool
}
