package cost

import (
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/sfnsim/sfnsim/internal/markdown"
)

// Marker is the hidden line a markdown report starts with, so that a
// workflow can find its earlier comment on a pull request and update it in
// place.
const Marker = "<!-- sfnsim-cost -->"

func newTable(w io.Writer, header ...any) *tablewriter.Table {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAlignment(tw.AlignLeft))
	t.Header(header...)
	return t
}

func (r *Report) period() string {
	if r.RunsPerMonth == 1 {
		return "1 run per month"
	}
	return fmt.Sprintf("%s runs per month", thousands(r.RunsPerMonth))
}

func (r *Report) basis() string {
	free := "without free tiers"
	if r.FreeTier {
		free = "with the monthly free tiers"
	}
	return fmt.Sprintf("%s, %s, prices of %s (%s), %s", r.Region, r.period(), r.PricesDate, r.Currency, free)
}

// scenarioRow is a scenario's cells in the summary tables.
func (s *Scenario) cells() []string {
	mark := ""
	if s.AsWritten {
		mark = " (as written)"
	}
	if !s.Allowed {
		return []string{s.Label() + mark, "-", "-", thousands(s.ChildExecutions), "not allowed: " + s.NotAllowed}
	}
	return []string{s.Label() + mark, s.PerRun.Display(), s.Total.Display(), thousands(s.ChildExecutions), ""}
}

// WriteTable renders the scenarios, then the lines of the definition as
// written and of the cheapest scenario.
func (r *Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Cost of %s (%s items per run)\n%s\n", r.StateMachine, thousands(r.Items), r.basis())
	t := newTable(w, "scenario", "per run", "per month", "children", "note")
	for _, s := range r.Scenarios {
		if err := t.Append(s.cells()); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w, r.Headline())
	shown := map[*Scenario]bool{}
	for _, s := range []*Scenario{r.AsWritten(), r.Cheapest()} {
		if s == nil || !s.Allowed || shown[s] {
			continue
		}
		shown[s] = true
		fmt.Fprintf(w, "\n%s:\n", s.Label())
		if err := writeLines(newTable(w, "service", "item", "quantity", "unit price", "per run", "per month"), s, r.RunsPerMonth); err != nil {
			return err
		}
	}
	writeNotes(w, r)
	return nil
}

func writeLines(t *tablewriter.Table, s *Scenario, runs int64) error {
	share := big.NewRat(1, max(runs, 1))
	for _, l := range s.Lines {
		if err := t.Append(l.Service, l.Item, quantity(l), unitPrice(l), l.Amount.Mul(share).Display(), l.Amount.Display()); err != nil {
			return err
		}
	}
	if err := t.Append("", "total", "", "", s.PerRun.Display(), s.Total.Display()); err != nil {
		return err
	}
	return t.Render()
}

// AllNotes are the report's notes and its scenarios', each once, in that
// order: what every format shows.
func (r *Report) AllNotes() []string {
	notes := append([]string(nil), r.Notes...)
	seen := map[string]bool{}
	for _, n := range notes {
		seen[n] = true
	}
	for _, s := range r.Scenarios {
		for _, n := range s.Notes {
			if !seen[n] {
				seen[n] = true
				notes = append(notes, n)
			}
		}
	}
	return notes
}

func writeNotes(w io.Writer, r *Report) {
	notes := r.AllNotes()
	if len(notes) == 0 {
		return
	}
	fmt.Fprintln(w, "Notes:")
	for _, n := range notes {
		fmt.Fprintf(w, "  - %s\n", n)
	}
}

// quantity renders a line's quantity with its unit, rounded for reading.
func quantity(l Line) string {
	q, ok := new(big.Rat).SetString(l.Quantity)
	if !ok {
		return l.Quantity + " " + l.Unit
	}
	return decimalForReading(q) + " " + plural(l.Unit, q)
}

func plural(unit string, q *big.Rat) string {
	if q.Cmp(big.NewRat(1, 1)) == 0 || strings.HasSuffix(unit, "s") {
		return unit
	}
	return unit + "s"
}

// decimalForReading rounds to at most 4 decimals, with thousands groups.
func decimalForReading(q *big.Rat) string {
	s := q.FloatString(4)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// unitPrice renders a unit price exactly: "$0.000025", "$0.0000166667".
func unitPrice(l Line) string {
	return "$" + l.UnitPrice.Decimal() + "/" + l.Unit
}

func thousands(n int64) string {
	return decimalForReading(big.NewRat(n, 1))
}

// WriteMarkdown renders the report as a pull-request comment: the hidden
// marker, a headline, the scenarios, and the line items in a collapsed
// section.
func (r *Report) WriteMarkdown(w io.Writer) error {
	fmt.Fprintln(w, Marker)
	fmt.Fprintf(w, "### sfnsim cost: %s\n\n", markdown.Code(r.StateMachine))
	fmt.Fprintf(w, "**%s%s**\n\n", r.arrow(), markdown.Cell(r.Headline()))
	fmt.Fprintf(w, "%s items per run; %s.\n\n", thousands(r.Items), r.basis())
	fmt.Fprintln(w, "| scenario | per run | per month | children | note |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|")
	for _, s := range r.Scenarios {
		c := s.cells()
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", markdown.Cell(c[0]), c[1], c[2], c[3], markdown.Cell(c[4]))
	}
	if s := r.AsWritten(); s != nil && s.Allowed {
		fmt.Fprintf(w, "\n<details><summary>%s: line items</summary>\n\n", markdown.Cell(s.Label()))
		writeMarkdownLines(w, s, r.RunsPerMonth)
		fmt.Fprintln(w, "\n</details>")
	}
	if best := r.Cheapest(); best != nil && best != r.AsWritten() {
		fmt.Fprintf(w, "\n<details><summary>%s: line items</summary>\n\n", markdown.Cell(best.Label()))
		writeMarkdownLines(w, best, r.RunsPerMonth)
		fmt.Fprintln(w, "\n</details>")
	}
	if notes := r.AllNotes(); len(notes) > 0 {
		// In the open: a run that failed, or prices borrowed from another
		// Region, change what the numbers mean.
		fmt.Fprint(w, "\n**Notes**\n\n")
		for _, n := range notes {
			fmt.Fprintf(w, "- %s\n", markdown.Cell(n))
		}
	}
	return nil
}

func writeMarkdownLines(w io.Writer, s *Scenario, runs int64) {
	share := big.NewRat(1, max(runs, 1))
	fmt.Fprintln(w, "| service | item | quantity | unit price | per run | per month |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|")
	for _, l := range s.Lines {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", markdown.Cell(l.Service), markdown.Cell(l.Item), quantity(l), unitPrice(l),
			l.Amount.Mul(share).Display(), l.Amount.Display())
	}
	fmt.Fprintf(w, "| | **total** | | | **%s** | **%s** |\n", s.PerRun.Display(), s.Total.Display())
}

// arrow marks a markdown headline: ↓ when a cheaper way to run the machine
// was found.
func (r *Report) arrow() string {
	if best, written := r.Cheapest(), r.AsWritten(); best != nil && written != nil && written.Allowed && best.Total.Cmp(written.Total) < 0 {
		return "↓ "
	}
	return ""
}
