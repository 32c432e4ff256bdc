package lint

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/internal/suggest"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/load"
)

// Options tune the checks.
type Options struct {
	// MachineType, when set (STANDARD or EXPRESS), overrides the type the
	// container declares; a plain ASL file is STANDARD unless told.
	MachineType string
	// LambdaConcurrency is the account's Lambda concurrency limit that
	// DMAP012 compares MaxConcurrency with; 0 means AWS's default of 1,000.
	LambdaConcurrency int
	// Disabled holds the ids of rules whose findings are dropped.
	Disabled map[string]bool
}

// DefaultLambdaConcurrency is the default per-Region Lambda concurrency
// quota of a new account (AWS Lambda quotas).
const DefaultLambdaConcurrency = 1000

// Pass is the state of one lint of one definition: what checks read and
// where they report.
type Pass struct {
	Def     *load.Definition
	Machine *asl.Machine
	// MachineType is the effective type of the machine: STANDARD or EXPRESS.
	MachineType string
	Options     Options
	diags       []Diagnostic
}

// A check visits the machine, each scope or each state; a rule group
// registers its checks with addCheck from an init function.
type check struct {
	machine func(p *Pass)
	scope   func(p *Pass, sc *asl.Scope)
	state   func(p *Pass, s *asl.State)
}

var checks []check

func addCheck(c check) { checks = append(checks, c) }

// Report records a finding on a value.
func (p *Pass) Report(r *Rule, n *asl.Node, format string, args ...any) {
	p.ReportRange(r, n.Pointer(), n.Range, fmt.Sprintf(format, args...))
}

// ReportKey records a finding on the key of member key of obj (e.g. an
// unknown or forbidden field); the pointer names the member.
func (p *Pass) ReportKey(r *Rule, obj *asl.Node, key string, format string, args ...any) {
	m := obj.Member(key)
	if m == nil {
		p.Report(r, obj, format, args...)
		return
	}
	rng := asl.Range{Start: m.KeyRange.Start, End: m.KeyRange.End}
	p.ReportRange(r, m.Value.Pointer(), rng, fmt.Sprintf(format, args...))
}

// ReportInString records a finding on part of a string value: the bytes
// [off, off+length) of its decoded value. When the source text of the
// string is not its value byte for byte (escapes, YAML folding), the whole
// value is reported instead.
func (p *Pass) ReportInString(r *Rule, n *asl.Node, off, length int, format string, args ...any) {
	rng := n.Range
	src := p.Def.Doc.Source.Text
	s, e := n.Range.Start.Offset, n.Range.End.Offset
	if n.Kind == asl.String && e-s >= 2 && e <= len(src) && (src[s] == '"' || src[s] == '\'') &&
		off >= 0 && off <= len(n.Str) {
		end := min(off+max(length, 1), len(n.Str))
		raw := src[s+1 : e-1]
		if string(raw) == n.Str {
			rng = asl.Range{
				Start: p.Def.Doc.Source.PosAt(s + 1 + off),
				End:   p.Def.Doc.Source.PosAt(s + 1 + end),
			}
		} else if src[s] == '"' {
			// A JSON string with escapes: map the decoded offsets back
			// through them.
			if a, ok := jsonRawOffset(raw, off); ok {
				if b, ok := jsonRawOffset(raw, end); ok {
					rng = asl.Range{
						Start: p.Def.Doc.Source.PosAt(s + 1 + a),
						End:   p.Def.Doc.Source.PosAt(s + 1 + b),
					}
				}
			}
		}
	}
	p.ReportRange(r, n.Pointer(), rng, fmt.Sprintf(format, args...))
}

// where renders the place of r in the file diagnostics name (line:col), for
// messages that point at a second place ("first at 3:5"). A definition held
// in a template string has its own coordinates; Locate maps them.
func (p *Pass) where(r asl.Range) string {
	loc, _ := p.Def.Locate(r)
	return loc.Start.String()
}

// ReportRange records a finding at a range of the definition's text.
func (p *Pass) ReportRange(r *Rule, pointer string, rng asl.Range, msg string) {
	loc, exact := p.Def.Locate(rng)
	if !exact && pointer != "" {
		msg += " at " + pointer
	}
	p.diags = append(p.diags, Diagnostic{
		Rule: r, Severity: r.Severity, Message: msg, File: p.Def.Path,
		Pointer: pointer, Start: loc.Start, End: loc.End,
	})
}

// atSeverity runs report and gives the findings it records severity sev
// instead of their rule's: for a rule whose catalogue entry has a lesser
// case (DMAP022, DMAP035, ASL045).
func (p *Pass) atSeverity(sev Severity, report func()) {
	n := len(p.diags)
	report()
	for i := n; i < len(p.diags); i++ {
		p.diags[i].Severity = sev
	}
}

// Definition lints one state machine definition.
func Definition(def *load.Definition, opts Options) []Diagnostic {
	p := &Pass{Def: def, Machine: asl.NewMachine(def.Root), Options: opts}
	p.MachineType = strings.ToUpper(opts.MachineType)
	if p.MachineType == "" {
		p.MachineType = strings.ToUpper(def.MachineType)
	}
	if p.MachineType != asl.Express {
		p.MachineType = asl.Standard
	}
	if p.Options.LambdaConcurrency <= 0 {
		p.Options.LambdaConcurrency = DefaultLambdaConcurrency
	}
	for _, c := range checks {
		if c.machine != nil {
			c.machine(p)
		}
	}
	for _, sc := range p.Machine.Scopes {
		for _, c := range checks {
			if c.scope != nil {
				c.scope(p, sc)
			}
		}
	}
	for _, s := range p.Machine.States {
		for _, c := range checks {
			if c.state != nil {
				c.state(p, s)
			}
		}
	}
	return dropDisabled(dropShadowedSchemaFindings(p.diags), opts.Disabled)
}

// dropDisabled removes the findings of the rules the user turned off.
func dropDisabled(ds []Diagnostic, disabled map[string]bool) []Diagnostic {
	if len(disabled) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if !disabled[d.Rule.ID] {
			out = append(out, d)
		}
	}
	return out
}

// ParseRuleList reads a list of rule ids or names (as --disable takes them:
// comma-separated, any case) into a set of ids. An unknown rule is an error
// that suggests the closest known one.
func ParseRuleList(list []string) (map[string]bool, error) {
	set := map[string]bool{}
	var names []string
	for _, r := range Rules() {
		names = append(names, r.ID, r.Name)
	}
	for _, item := range list {
		for _, name := range strings.Split(item, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			r := LookupRule(name)
			if r == nil {
				if guess := suggest.Closest(name, names); guess != "" {
					return nil, fmt.Errorf("unknown rule %q; did you mean %q? (`sfnsim explain` lists the rules)", name, guess)
				}
				return nil, fmt.Errorf("unknown rule %q; `sfnsim explain` lists the rules", name)
			}
			set[r.ID] = true
		}
	}
	return set, nil
}

// dropShadowedSchemaFindings removes a schema finding when a dedicated rule
// reported the same problem: at the same place, or at the enclosing object
// naming the same field (a Choice rule with the misspelt operator
// "StringEqual"). The rule's message is the one that says what to do, and
// one problem should be reported once.
func dropShadowedSchemaFindings(ds []Diagnostic) []Diagnostic {
	specific := map[string][]string{}
	for _, d := range ds {
		if d.Rule != ruleSchema {
			specific[d.Pointer] = append(specific[d.Pointer], d.Message)
		}
	}
	shadowed := func(d *Diagnostic) bool {
		if _, ok := specific[d.Pointer]; ok {
			return true
		}
		i := strings.LastIndexByte(d.Pointer, '/')
		if i < 0 {
			return false
		}
		field := quote(strings.NewReplacer("~1", "/", "~0", "~").Replace(d.Pointer[i+1:]))
		for _, msg := range specific[d.Pointer[:i]] {
			if strings.Contains(msg, field) {
				return true
			}
		}
		return false
	}
	out := ds[:0]
	for i := range ds {
		if ds[i].Rule == ruleSchema && shadowed(&ds[i]) {
			continue
		}
		out = append(out, ds[i])
	}
	return out
}

// jsonRawOffset maps a byte offset of a decoded JSON string to the offset in
// its raw text (between the quotes), stepping over escape sequences. A
// \uXXXX escape (or a surrogate pair) decodes to the UTF-8 bytes of one
// rune; an offset inside them maps to the start of the escape.
func jsonRawOffset(raw []byte, off int) (int, bool) {
	dec := 0
	for i := 0; i < len(raw); {
		if dec >= off {
			return i, dec == off
		}
		if raw[i] != '\\' {
			i++
			dec++
			continue
		}
		if i+1 >= len(raw) {
			return 0, false
		}
		if raw[i+1] != 'u' {
			i += 2
			dec++
			continue
		}
		if i+6 > len(raw) {
			return 0, false
		}
		r, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32)
		if err != nil {
			return 0, false
		}
		step, rn := 6, rune(r)
		if utf16.IsSurrogate(rn) && i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
			if lo, err := strconv.ParseUint(string(raw[i+8:i+12]), 16, 32); err == nil {
				rn, step = utf16.DecodeRune(rn, rune(lo)), 12
			}
		}
		n := utf8.RuneLen(rn)
		if n < 0 {
			n = 3 // U+FFFD
		}
		if dec+n > off {
			return i, true
		}
		i += step
		dec += n
	}
	return len(raw), dec == off
}
