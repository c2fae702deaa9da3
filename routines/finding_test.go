package routines

import (
	"errors"
	"testing"
)

// TestErrorsLead guards the one finding a command shows of an invalid OS:
// a misspelt key explains the missing field after it, so it leads, though
// the missing field comes first in the file.
func TestErrorsLead(t *testing.T) {
	_, err := LoadFiles(map[string][]byte{
		FileOS:       []byte("name = \"X\"\n"),
		FileRoutines: []byte("[[routine]]\nid = \"sleep\"\ntitle = \"Sleep\"\ncadance = \"daily\"\n"),
	})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) < 2 {
		t.Fatalf("got %v, want a missing cadence and an unknown key", err)
	}
	if errs[0].Code == CodeUnknownKey {
		t.Fatalf("the unknown key is first already (%v): the test shows nothing", errs)
	}
	lead := errs.Lead()
	if lead.Code != CodeUnknownKey || lead.Line != 4 {
		t.Errorf("Lead() = %v, want the unknown key on line 4", lead)
	}
	want := lead.String() + " (and 1 more)"
	if len(errs) != 2 {
		t.Fatalf("got %d findings, want 2: %v", len(errs), errs)
	}
	if got := errs.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	one := Errors{errs[0]}
	if one.Lead() != errs[0] || one.Summary() != errs[0].String() {
		t.Errorf("one finding: Lead %v, Summary %q", one.Lead(), one.Summary())
	}
}
