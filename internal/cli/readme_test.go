package cli

import (
	"testing"
	"time"

	"github.com/myos-dev/myos/routines"
)

func TestRenders(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		render *bool
		want   bool
	}{
		{nil, false}, // a missing key leaves the README to its owner
		{&no, false},
		{&yes, true},
	}
	for _, tt := range tests {
		o := &routines.OS{Settings: routines.Settings{Render: tt.render}}
		if got := renders(o); got != tt.want {
			t.Errorf("renders(render=%v): got %v, want %v", tt.render, got, tt.want)
		}
	}
}

func TestChangeLine(t *testing.T) {
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC is already the next day in Helsinki.
	when := time.Date(2026, time.November, 24, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		msg    string
		want   string
		wantOK bool
	}{
		{"routines: add \"sleep\" (daily at 22:30)\n\nbody", "2026-11-25 — routines: add \"sleep\" (daily at 22:30)", true},
		{"  Shipped it  ", "2026-11-25 — Shipped it", true},
		{"readme: regenerate", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := changeLine(when, helsinki, tt.msg)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("changeLine(%q): got %q, %v, want %q, %v", tt.msg, got, ok, tt.want, tt.wantOK)
		}
	}
}
