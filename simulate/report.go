package simulate

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/sfnsim/sfnsim/internal/markdown"
	"github.com/sfnsim/sfnsim/simulate/series"
)

// SparklineWidth is the width of the concurrency sparkline in reports.
const SparklineWidth = 60

// row is one line of a report: a measure and its value.
type row struct{ measure, value string }

// rows are the report's lines, shared by the table and the markdown.
func (r *Result) rows() []row {
	rows := []row{
		{"items", count(r.Items)},
		{"child executions", count(r.ChildExecutions) + batchNote(r)},
		{"makespan", Duration(r.MakespanSeconds)},
		{"peak concurrency", count(int64(r.PeakConcurrency))},
		{"mean concurrency", strconv.FormatFloat(r.MeanConcurrency, 'f', 1, 64)},
		{"throttles", count(r.Throttles)},
		{"retries", retries(r.Retries)},
		{"failed items", failedItems(r)},
		{"failed children by error", childErrors(r.ChildErrors)},
		{"verdict", r.Verdict()},
		{"child duration p50 / p90 / p99 / max", strings.Join([]string{Duration(r.ChildDurationSeconds.P50),
			Duration(r.ChildDurationSeconds.P90), Duration(r.ChildDurationSeconds.P99), Duration(r.ChildDurationSeconds.Max)}, " / ")},
		{"state transitions (billed)", count(r.StateTransitions)},
	}
	if r.ExpressStates > 0 {
		rows = append(rows, row{"Express states entered", count(r.ExpressStates)})
	}
	if pts := r.Timeline(); len(pts) > 0 {
		rows = append(rows, row{"concurrency", series.Sparkline(pts, SparklineWidth)})
	}
	return rows
}

// Verdict is the outcome in a sentence: SUCCEEDED, or FAILED with the
// error and the simulated time it happened at.
func (r *Result) Verdict() string {
	if r.FailedAtSeconds == nil {
		return r.Status
	}
	return fmt.Sprintf("%s with %s at t=%s", r.Status, r.Error, Duration(*r.FailedAtSeconds))
}

func batchNote(r *Result) string {
	if !r.Batched {
		return ""
	}
	return fmt.Sprintf(" (batches of %.1f items on average)", float64(r.Items)/float64(r.ChildExecutions))
}

func failedItems(r *Result) string {
	if r.Items == 0 {
		return count(r.FailedItems)
	}
	return fmt.Sprintf("%s (%.2f%%)", count(r.FailedItems), 100*float64(r.FailedItems)/float64(r.Items))
}

func childErrors(errs []ErrorCount) string {
	if len(errs) == 0 {
		return "0"
	}
	var parts []string
	for _, e := range errs {
		name := e.Error
		if name == "" {
			name = "(no error name)"
		}
		parts = append(parts, count(e.Children)+" "+name)
	}
	return strings.Join(parts, ", ")
}

func retries(m map[string]int64) string {
	if len(m) == 0 {
		return "0"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %s", count(m[k]), k))
	}
	return strings.Join(parts, ", ")
}

// WriteTable renders the report as a table, then the tasks and the
// assumptions.
func (r *Result) WriteTable(w io.Writer) error {
	table := func(header ...any) *tablewriter.Table {
		t := tablewriter.NewTable(w,
			tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
			tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAlignment(tw.AlignLeft),
			tablewriter.WithHeaderAlignment(tw.AlignLeft))
		t.Header(header...)
		return t
	}
	if r.Name != "" {
		fmt.Fprintf(w, "Simulation of %s (seed %d)\n", r.Name, r.Seed)
	}
	t := table("measure", "value")
	for _, row := range r.rows() {
		if err := t.Append(row.measure, row.value); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	if len(r.Tasks) > 0 {
		t = table("task", "calls", "throttled", "errors", "duration")
		for _, l := range r.Tasks {
			if err := t.Append(l.State, count(l.Calls), count(l.Throttles), retries(l.Errors), l.Duration); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	if len(r.Pools) > 0 {
		t = table("pool", "concurrency", "peak in flight", "calls", "throttled", "queued")
		for _, p := range r.Pools {
			if err := t.Append(p.Name, count(int64(p.Concurrency)), count(int64(p.Peak)), count(p.Calls), count(p.Throttled), count(p.Queued)); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	writeList(w, "Notes", r.Notes, "")
	writeList(w, "Assumptions", r.Assumptions, "")
	return nil
}

func writeList(w io.Writer, title string, lines []string, bullet string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "%s:\n", title)
	for _, l := range lines {
		fmt.Fprintf(w, "%s  - %s\n", bullet, l)
	}
}

// WriteMarkdown renders the report for a pull-request comment.
func (r *Result) WriteMarkdown(w io.Writer) error {
	name := r.Name
	if name == "" {
		name = "state machine"
	}
	fmt.Fprintf(w, "### sfnsim simulate: %s\n\n", markdown.Code(name))
	fmt.Fprintf(w, "**%s** in %s, %s items, peak concurrency %s\n\n", r.Verdict(), Duration(r.MakespanSeconds),
		count(r.Items), count(int64(r.PeakConcurrency)))
	fmt.Fprintln(w, "| measure | value |")
	fmt.Fprintln(w, "|---|---|")
	for _, row := range r.rows() {
		fmt.Fprintf(w, "| %s | %s |\n", row.measure, markdown.Cell(row.value))
	}
	if len(r.Tasks) > 0 {
		fmt.Fprintln(w, "\n| task | calls | throttled | errors | duration |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for _, l := range r.Tasks {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", markdown.Code(l.State), count(l.Calls), count(l.Throttles), markdown.Cell(retries(l.Errors)), markdown.Cell(l.Duration))
		}
	}
	if len(r.Pools) > 0 {
		fmt.Fprintln(w, "\n| pool | concurrency | peak in flight | calls | throttled | queued |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|")
		for _, p := range r.Pools {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", markdown.Cell(p.Name), count(int64(p.Concurrency)), count(int64(p.Peak)),
				count(p.Calls), count(p.Throttled), count(p.Queued))
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range r.Notes {
			fmt.Fprintf(w, "> %s\n", n)
		}
	}
	if len(r.Assumptions) > 0 {
		fmt.Fprintf(w, "\n<details><summary>Assumptions (%d)</summary>\n\n", len(r.Assumptions))
		for _, a := range r.Assumptions {
			fmt.Fprintf(w, "- %s\n", a)
		}
		fmt.Fprintln(w, "\n</details>")
	}
	return nil
}

// WriteJSON renders the result as indented JSON with stable keys.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// count renders an integer with thousands separators: 1,000,000.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Duration renders seconds for people: 850ms, 2.35s, 4m 12s, 3h 5m.
func Duration(sec float64) string {
	d := time.Duration(math.Round(sec * float64(time.Second)))
	switch {
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	case math.Round(sec*100) < 6000:
		return strconv.FormatFloat(math.Round(sec*100)/100, 'f', -1, 64) + "s"
	case d < time.Hour:
		m := int(d / time.Minute)
		return fmt.Sprintf("%dm %ds", m, int((d-time.Duration(m)*time.Minute)/time.Second))
	}
	h := int(d / time.Hour)
	return fmt.Sprintf("%dh %dm", h, int((d-time.Duration(h)*time.Hour)/time.Minute))
}
