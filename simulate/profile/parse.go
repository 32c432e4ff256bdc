package profile

import (
	"bytes"

	"github.com/sfnsim/sfnsim/asl"
)

// Parse reads a profile, YAML or JSON by content: JSON when the first
// character after spaces is '{' and the first key is quoted (YAML's flow
// style, {tasks: …}, starts with '{' too). It reports every problem of the file at
// once, each as path:line:col with what to write instead. A file with no
// content at all is the default profile.
func Parse(path string, text []byte) (*Profile, error) {
	if blank(text) {
		return Default(), nil
	}
	var doc *asl.Document
	var err error
	if isJSON(text) {
		doc, err = asl.ParseJSON(path, text)
	} else {
		doc, err = asl.ParseYAML(path, text)
	}
	if err != nil {
		return nil, err
	}
	ps := &problems{path: path}
	for _, d := range doc.Duplicates {
		ps.atPos(d.Second.Start, "key %q is written twice (first at %s); keep one", d.Key, d.First.Start)
	}
	p := ps.profile(doc.Root)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return p, nil
}

var topKeys = []string{"mapRun", "stateTransitions", "pools", "tasks"}

func (ps *problems) profile(root *asl.Node) *Profile {
	p := &Profile{Pools: map[string]*Pool{}, Tasks: map[string]*Task{}, defaulted: map[string]bool{}}
	top, ok := ps.object(root, "the profile", "{tasks: {Process: {duration: {fixed: 1s}}}}", topKeys...)
	if !ok {
		return p
	}
	var set fileSettings
	if n := top["mapRun"]; n != nil {
		ps.mapRun(n, p, &set)
	}
	if n := top["stateTransitions"]; n != nil {
		ps.bucket(n, p, &set)
	}
	if n := top["pools"]; n != nil {
		ps.pools(n, p, &set)
	}
	fillDefaults(p, set)
	if n := top["tasks"]; n != nil {
		ps.tasks(n, p)
	}
	return p
}

// blank reports whether text holds nothing but spaces and YAML comments,
// which the YAML parser would reject with a message about state machines.
func blank(text []byte) bool {
	text = bytes.TrimPrefix(text, []byte("\uFEFF"))
	for line := range bytes.Lines(text) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' {
			return false
		}
	}
	return true
}

// isJSON reports whether text starts with '{' after spaces, unless the
// first key after it is unquoted: YAML's flow style ({tasks: {A: …}})
// starts with '{' too, and JSON keys are always quoted.
func isJSON(text []byte) bool {
	text = bytes.TrimLeft(bytes.TrimPrefix(text, []byte("\uFEFF")), " \t\r\n")
	if len(text) == 0 || text[0] != '{' {
		return false
	}
	rest := bytes.TrimLeft(text[1:], " \t\r\n")
	return len(rest) == 0 || rest[0] == '"' || rest[0] == '}'
}
