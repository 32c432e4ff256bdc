package cost

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sfnsim/sfnsim/internal/markdown"
)

// Diff compares the cost of state machines before and after a change
// (base and head of a pull request), each as written.
type Diff struct {
	Currency string `json:"currency"`
	// FreeTier is set when the reports subtract the monthly free tiers:
	// each does so in full, though the free tier is the account's.
	FreeTier bool `json:"freeTier"`
	// Machines are in name order; BaseTotal and HeadTotal sum their
	// monthly totals.
	Machines  []*MachineDiff `json:"stateMachines"`
	BaseTotal Amount         `json:"baseTotal"`
	HeadTotal Amount         `json:"headTotal"`
	// Failed names the machines whose simulated run fails with the head:
	// a pull request that breaks a run must not read as a saving.
	Failed []string `json:"failed,omitempty"`
}

// MachineDiff is one state machine's cost before and after; Base or Head
// is nil when the change added or removed it.
type MachineDiff struct {
	StateMachine string    `json:"stateMachine"`
	Base         *DiffSide `json:"base"`
	Head         *DiffSide `json:"head"`
	Change       string    `json:"change"`
	Advice       string    `json:"advice,omitempty"`
}

// DiffSide is one side of a comparison: the definition as written.
type DiffSide struct {
	Scenario string `json:"scenario"`
	PerRun   Amount `json:"perRun"`
	Total    Amount `json:"total"`
	Allowed  bool   `json:"allowed"`
	// Status is how the simulated run ended: a run that FAILED costs what
	// it did before it stopped, which is no price to compare.
	Status string `json:"status"`
}

func (s *DiffSide) failed() bool { return s != nil && s.Status != "" && s.Status != "SUCCEEDED" }

// DiffReports compares the reports of base and head by state machine. Both
// sides must be priced alike (Region, free tier, runs per month,
// currency), or the difference would be the pricing's, not the change's.
func DiffReports(base, head []*Report) (*Diff, error) {
	all := append(append([]*Report(nil), base...), head...)
	if len(all) == 0 {
		return &Diff{Currency: "USD"}, nil // both sides empty: nothing to compare
	}
	for _, r := range all[1:] {
		first := all[0]
		if r.Region != first.Region || r.FreeTier != first.FreeTier || r.RunsPerMonth != first.RunsPerMonth || r.Currency != first.Currency {
			return nil, fmt.Errorf("the reports are priced differently (%s: %s, free tier %v, %d runs a month; %s: %s, free tier %v, %d runs a month): price base and head with the same --region, --free-tier and --runs-per-month",
				first.StateMachine, first.Region, first.FreeTier, first.RunsPerMonth, r.StateMachine, r.Region, r.FreeTier, r.RunsPerMonth)
		}
	}
	d := &Diff{Currency: all[0].Currency, FreeTier: all[0].FreeTier}
	byName := map[string]*MachineDiff{}
	side := func(r *Report) *DiffSide {
		s := r.AsWritten()
		if s == nil {
			return nil
		}
		return &DiffSide{Scenario: s.Label(), PerRun: s.PerRun, Total: s.Total, Allowed: s.Allowed, Status: s.Status}
	}
	get := func(name string) *MachineDiff {
		if m, ok := byName[name]; ok {
			return m
		}
		m := &MachineDiff{StateMachine: name}
		byName[name] = m
		d.Machines = append(d.Machines, m)
		return m
	}
	for _, r := range base {
		get(r.StateMachine).Base = side(r)
		d.Currency = r.Currency
	}
	for _, r := range head {
		m := get(r.StateMachine)
		m.Head = side(r)
		d.Currency = r.Currency
		best, written := r.Cheapest(), r.AsWritten()
		switch {
		case best == nil || written == nil || best == written || best.Status != "" && best.Status != "SUCCEEDED":
			// No advice from a run that failed: it is cheap because it
			// stopped early.
		case !written.Allowed:
			m.Advice = fmt.Sprintf("%s would cost %s per run", best.Label(), best.PerRun.Display())
		case best.Total.Cmp(written.Total) < 0:
			m.Advice = fmt.Sprintf("%s would cost %s per run (%s)", best.Label(), best.PerRun.Display(), Change(written.Total, best.Total))
		}
	}
	sort.Slice(d.Machines, func(i, j int) bool { return d.Machines[i].StateMachine < d.Machines[j].StateMachine })
	for _, m := range d.Machines {
		// Sides AWS would not run have no price: they stay out of the
		// totals, and the change says what happened instead.
		switch {
		case m.Base == nil:
			m.Change = "added"
		case m.Head == nil:
			m.Change = "removed"
		case !m.Base.Allowed && !m.Head.Allowed:
			m.Change = "not allowed before or after"
		case !m.Head.Allowed:
			m.Change = "now not allowed"
		case !m.Base.Allowed:
			m.Change = "now allowed"
		case m.Head.failed() && !m.Base.failed():
			m.Change = "now " + m.Head.Status
		case m.Base.failed() && !m.Head.failed():
			m.Change = "now SUCCEEDED"
		case m.Head.failed():
			m.Change = m.Head.Status + " before and after"
		default:
			m.Change = Change(m.Base.Total, m.Head.Total)
		}
		// The totals compare like with like: sides AWS would not run, and
		// runs that failed, stay out of both.
		comparable := m.Base != nil && m.Head != nil && m.Base.priced() && m.Head.priced()
		if m.Base != nil && m.Base.priced() && (m.Head == nil || comparable) {
			d.BaseTotal = d.BaseTotal.Add(m.Base.Total)
		}
		if m.Head != nil && m.Head.priced() && (m.Base == nil || comparable) {
			d.HeadTotal = d.HeadTotal.Add(m.Head.Total)
		}
		if m.Head.failed() {
			d.Failed = append(d.Failed, m.StateMachine)
		}
	}
	return d, nil
}

// priced reports whether the side has a price to compare: AWS would run
// it, and its simulated run did not fail.
func (s *DiffSide) priced() bool { return s.Allowed && !s.failed() }

// Headline says what the change does to the cost, with ↑ or ↓: per run
// for a single state machine, per month over several.
func (d *Diff) Headline() string {
	if len(d.Machines) == 0 {
		return "no state machine was priced in base or head"
	}
	warning := ""
	if len(d.Failed) > 0 {
		warning = fmt.Sprintf("⚠ the simulated run of %s fails with this change; ", strings.Join(d.Failed, ", "))
	}
	arrow, verb := "", "keeps"
	switch d.HeadTotal.Cmp(d.BaseTotal) {
	case 1:
		arrow, verb = "↑ ", "raises"
	case -1:
		arrow, verb = "↓ ", "lowers"
	}
	if len(d.Machines) == 1 && d.Machines[0].Base != nil && d.Machines[0].Head != nil {
		m := d.Machines[0]
		if !m.Base.priced() || !m.Head.priced() {
			return fmt.Sprintf("%s%s: as written, %s (%s before, %s after)", warning, m.StateMachine, m.Change, m.Base.cell(), m.Head.cell())
		}
		if verb == "keeps" {
			return fmt.Sprintf("this change keeps the cost of a run of %s at %s", m.StateMachine, m.Head.PerRun.Display())
		}
		return fmt.Sprintf("%sthis change %s the cost of a run of %s from %s to %s (%s)", arrow, verb, m.StateMachine,
			m.Base.PerRun.Display(), m.Head.PerRun.Display(), m.Change)
	}
	if verb == "keeps" {
		return fmt.Sprintf("%sthis change keeps the monthly cost at %s", warning, d.HeadTotal.Display())
	}
	return fmt.Sprintf("%s%sthis change %s the monthly cost from %s to %s (%s)", warning, arrow, verb, d.BaseTotal.Display(), d.HeadTotal.Display(), Change(d.BaseTotal, d.HeadTotal))
}

func (s *DiffSide) cell() string {
	if s == nil {
		return "-"
	}
	if !s.Allowed {
		return "not allowed"
	}
	if s.failed() {
		return s.PerRun.Display() + " (" + s.Status + ")"
	}
	return s.PerRun.Display()
}

// WriteMarkdown renders the diff as a pull-request comment, marked so a
// workflow can update it in place.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	fmt.Fprintln(w, Marker)
	fmt.Fprintf(w, "### sfnsim cost\n\n**%s**\n\n", markdown.Cell(d.Headline()))
	fmt.Fprintln(w, "| state machine | base per run | head per run | change |")
	fmt.Fprintln(w, "|---|---:|---:|---|")
	for _, m := range d.Machines {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", markdown.Code(m.StateMachine), m.Base.cell(), m.Head.cell(), m.Change)
	}
	var advice []string
	for _, m := range d.Machines {
		if m.Advice != "" {
			advice = append(advice, fmt.Sprintf("- %s: %s", markdown.Code(m.StateMachine), markdown.Cell(m.Advice)))
		}
	}
	if d.FreeTier && len(d.Machines) > 1 {
		fmt.Fprintln(w, "\nEach report subtracts the account's whole monthly free tier, so the totals count it once per state machine.")
	}
	if len(advice) > 0 {
		fmt.Fprintln(w, "\n<details><summary>Cheaper ways to run the head</summary>")
		fmt.Fprintln(w)
		for _, a := range advice {
			fmt.Fprintln(w, a)
		}
		fmt.Fprintln(w, "\n</details>")
	}
	return nil
}

// WriteTable renders the diff as a table.
func (d *Diff) WriteTable(w io.Writer) error {
	t := newTable(w, "state machine", "base per run", "head per run", "change", "cheaper way to run the head")
	for _, m := range d.Machines {
		if err := t.Append(m.StateMachine, m.Base.cell(), m.Head.cell(), m.Change, m.Advice); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w, d.Headline())
	return nil
}

// WriteJSON renders the diff as indented JSON.
func (d *Diff) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}
