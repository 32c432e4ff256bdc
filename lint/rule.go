// Package lint checks Amazon States Language definitions: the JSON Schema,
// the language's semantic rules and the Distributed Map rule catalogue. Each
// rule group lives in its own rules_*.go file; each rule carries its own
// documentation as data (sfnsim explain ID prints it).
package lint

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a finding.
type Severity uint8

// Severities, in increasing order.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{"info", "warning", "error"}

func (s Severity) String() string { return severityNames[s] }

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q; use error, warning or info", s)
}

// Rule is one check's identity and documentation.
type Rule struct {
	ID       string // stable: ASL001, DMAP015 …
	Name     string // kebab-case, e.g. map-label-invalid
	Severity Severity
	// AWSCode is the ValidateStateMachineDefinition code AWS returns for the
	// same problem, when there is one.
	AWSCode string
	Summary string // one line, for lists and SARIF shortDescription
	// Doc explains the rule: why it matters and how to fix a finding.
	Doc string
	// Bad and Good are small example definitions (or fragments) showing a
	// finding and its fix.
	Bad, Good string
	// ExampleType is the machine type (STANDARD or EXPRESS) Bad and Good
	// are linted as; "" means STANDARD.
	ExampleType string
	Tags        []string
	// Source names the AWS document or observation the rule follows.
	Source string
}

var rules = map[string]*Rule{}

// register adds a rule to the catalogue. Rule variables are declared in the
// file of their group.
func register(r *Rule) *Rule {
	if _, dup := rules[r.ID]; dup {
		panic("lint: rule " + r.ID + " registered twice")
	}
	rules[r.ID] = r
	return r
}

// Rules returns every rule, sorted by id.
func Rules() []*Rule {
	out := make([]*Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return lessID(out[i].ID, out[j].ID) })
	return out
}

// lessID orders ASL rules before DMAP rules, then by number.
func lessID(a, b string) bool {
	pa, pb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	if pa != pb {
		return pa < pb
	}
	return a < b
}

// LookupRule finds a rule by id (case-insensitive) or by name.
func LookupRule(idOrName string) *Rule {
	if r, ok := rules[strings.ToUpper(idOrName)]; ok {
		return r
	}
	for _, r := range rules {
		if r.Name == idOrName {
			return r
		}
	}
	return nil
}
