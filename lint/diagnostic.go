package lint

import (
	"sort"

	"github.com/sfnsim/sfnsim/asl"
)

// Diagnostic is one finding. Every output format renders the same data.
type Diagnostic struct {
	Rule     *Rule
	Severity Severity
	Message  string
	File     string
	// Pointer is the RFC 6901 pointer into the state machine definition
	// (e.g. /States/Pay/Next): the stable identity of the place, whatever
	// file holds the definition.
	Pointer    string
	Start, End asl.Pos
}

// RuleID is the id of the diagnostic's rule.
func (d *Diagnostic) RuleID() string { return d.Rule.ID }

// Sort orders diagnostics by file, line, column, rule and message, so output
// is deterministic whatever order files were linted in.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := &ds[i], &ds[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Start.Line != b.Start.Line:
			return a.Start.Line < b.Start.Line
		case a.Start.Col != b.Start.Col:
			return a.Start.Col < b.Start.Col
		case a.Rule.ID != b.Rule.ID:
			return lessID(a.Rule.ID, b.Rule.ID)
		}
		return a.Message < b.Message
	})
}

// Count tallies diagnostics by severity.
func Count(ds []Diagnostic) (errors, warnings, infos int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}
