package routines

// BeginFrom moves the since date of routines that came from a template
// (all of o's, or those only names) on to their first day on or after
// today, when it lies before: a template exported from someone's OS
// carries the days its routines began there, and stats and the weekly
// review would count the days before this OS had them as missed. files
// are o's files; routines.toml is rewritten item by item, keeping the rest
// of its text. The new date is the cadence's next day in the series the
// routine had, so an "every 2 weeks" keeps the template's weeks. A
// routine without since, or with a raw rule (whose COUNT counts from its
// since), is left as it is. It reports whether it changed routines.toml.
func BeginFrom(files map[string][]byte, o *OS, today Date, only func(id string) bool) (bool, error) {
	changed := false
	for i := range o.Routines {
		r := &o.Routines[i]
		if r.Since == nil || r.Since.IsZero() || !r.Since.Before(today) || only != nil && !only(r.ID) {
			continue
		}
		c, err := ParseCadence(r.Cadence)
		if err != nil || c.IsRule() {
			continue // validation says so; a rule's COUNT counts from since
		}
		first, ok := c.Next(today, r.Anchor())
		if !ok {
			continue
		}
		upd := CloneItem(r)
		if err := SetField(upd, "since", first.String()); err != nil {
			return changed, err
		}
		b, err := UpdateItem(files[FileRoutines], r, upd)
		if err != nil {
			return changed, err
		}
		files[FileRoutines], changed = b, true
	}
	return changed, nil
}
