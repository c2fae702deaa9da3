package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/myos-dev/myos/routines"
)

func init() { register("defer", newDeferCmd) }

// deferralsToAsk is how many times a priority is put off before myos asks
// whether it is still worth doing.
const deferralsToAsk = 3

type deferOptions struct {
	kind   string
	id     string
	until  string
	reason string
	json   bool
}

func newDeferCmd(d *deps) *cobra.Command {
	var opts deferOptions
	cmd := &cobra.Command{
		Use:   "defer priority ID --until DATE --reason TEXT",
		Short: "Put a priority off, on purpose, with a reason",
		Long: `Put a priority off until a date, and say why. What a person decides to put
off, and why, is part of how they work: the priority keeps the date
(deferred_until), the reason (defer_reason) and how many times it was put
off (deferrals). A priority in doing goes back to next.

DATE is YYYY-MM-DD, tomorrow, +3d or +2w, and must be after today. After
the third time, myos asks whether the work is still worth doing. While it
is put off, giving the same date again (to change the reason) or an
earlier one does not count as putting it off once more. Putting it off
past its due date is allowed, with a note that says so.`,
		Example: `  myos defer priority blog-post --until 2026-12-07 --reason "the keynote comes first"
  myos defer priority desk-setup --until +2w --reason "waiting for the new desk"`,
		Args:              argsN(2, 2, "priority and ID"),
		ValidArgsFunction: completeItem(d, []string{"priority"}, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.kind, opts.id = args[0], args[1]
			return runDefer(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.until, "until", "", "the `DATE` to take it up again")
	cmd.Flags().StringVar(&opts.reason, "reason", "", "why it is put off, as `TEXT`")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON: commit, short, message, nothing, changes, kind, id")
	return cmd
}

func runDefer(d *deps, opts deferOptions) error {
	k, err := parseKindArg(opts.kind)
	if err != nil {
		return err
	}
	switch k {
	case routines.KindPriority:
	case routines.KindEvent:
		// Events and blocks have no status to pause them by.
		return usagef("only priorities are deferred: to move an event, set its date (myos set event %s date=...)", opts.id)
	case routines.KindBlock:
		return usagef("only priorities are deferred: to move a block, set its days (myos set block %s days=...), or remove it (myos rm block %s)", opts.id, opts.id)
	default:
		return usagef("only priorities are deferred: to pause a %s, set its status (myos set %s %s status=...)", k, k, opts.id)
	}
	if strings.TrimSpace(opts.until) == "" {
		return usagef("missing --until DATE: until when is it put off?")
	}
	reason := strings.TrimSpace(opts.reason)
	if reason == "" {
		return usagef("missing --reason TEXT: putting work off is a decision; say why")
	}
	t, err := d.begin("myos defer")
	if err != nil {
		return err
	}
	defer t.close()
	today := d.today(t.before)
	until, err := dateArg(today, "--until", opts.until)
	if err != nil {
		return err
	}
	if !until.After(today) {
		return usagef("--until %s: want a day after today (%s)", until, today)
	}
	it, err := findItem(t.before, k, opts.id)
	if err != nil {
		return err
	}
	old := it.(*routines.Priority)
	switch old.Status {
	case routines.PriorityDone, routines.PriorityDropped:
		return withHint(fmt.Errorf("priority %q is %s: there is nothing to put off", old.ID, old.Status),
			"to take it up again, `myos set priority %s status=next`", old.ID)
	}
	p := routines.CloneItem(old).(*routines.Priority)
	p.DeferredUntil = &until
	p.DeferReason = reason
	// Only putting it off further counts: giving the date it is already
	// put off until again (to reword the reason) or an earlier one is not
	// one more time put off.
	counted := old.DeferredUntil == nil || !old.DeferredUntil.After(today) || until.After(*old.DeferredUntil)
	if counted {
		p.Deferrals++
	}
	if p.Status == routines.PriorityDoing {
		p.Status = routines.PriorityNext
	}
	if err := t.updateItem(old, p); err != nil {
		return err
	}
	res, _, err := t.commit()
	if err != nil {
		return err
	}
	if err := d.writeResult(res, string(k), p.ID, opts.json); err != nil {
		return err
	}
	if p.Due != nil && until.After(*p.Due) {
		fmt.Fprintf(d.io.ErrOut, "note: it is due %s, before %s: move the due date too (`myos set priority %s due=%s`), or it will be late\n", p.Due, until, p.ID, until)
	}
	if counted && p.Deferrals >= deferralsToAsk {
		fmt.Fprintf(d.io.ErrOut, "note: put off %d times now: is it still worth doing? (`myos set priority %s status=dropped`)\n", p.Deferrals, p.ID)
	}
	return nil
}
