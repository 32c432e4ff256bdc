package load

import (
	"bytes"
	"errors"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// File returns the state machines in one file's text. A file that holds no
// state machine yields none and no error: pre-commit passes every JSON and
// YAML file of a repository, and those must be skipped silently. Malformed
// text is an *asl.SyntaxError.
//
// A template (CloudFormation, SAM, Terraform) can hold several state
// machines: one that cannot be read or parsed does not hide the others.
// File then returns the definitions it could extract together with the
// error, which joins (errors.Join) one *asl.SyntaxError per bad definition,
// each placed in the file that holds the problem.
func File(path string, text []byte) ([]*Definition, error) {
	kind := KindOf(path)
	if kind == Unknown {
		kind = sniff(text)
	}
	if kind == Terraform {
		defs, err := terraform(path, text)
		if err != nil && len(defs) == 0 && !tfResourceRE.Match(text) {
			return nil, nil // some other Terraform file with an error: not ours to judge
		}
		return defs, err
	}
	doc, err := parse(path, text, kind)
	if err != nil && kind == JSON {
		if def, perr := parsePlaceholderJSON(path, text); perr == nil && IsStateMachine(def.Root) {
			return []*Definition{def}, nil
		}
	}
	if err != nil {
		if !mayHoldStateMachine(path, text) {
			// pre-commit hands over every JSON and YAML file: a
			// tsconfig.json with comments or a Helm template is not ours to
			// judge.
			return nil, nil
		}
		return nil, err
	}
	root := doc.Root
	if root.Kind != asl.Object {
		return nil, nil
	}
	if IsStateMachine(root) && (namedASL(path) || looksLikeASL(root)) {
		return []*Definition{{Path: path, Doc: doc, Root: root}}, nil
	}
	if root.Has("Resources") {
		return cloudFormation(path, doc)
	}
	return nil, nil
}

// parsePlaceholderJSON parses a JSON definition in which SAM or Terraform
// substitutions stand unquoted where a value belongs
// ("TimeoutSeconds": ${Timeout}), as in a file a SAM template names with
// DefinitionUri: the placeholders are quoted, so they become opaque
// strings, and positions still point into the file. Text without ${ is
// not retried.
func parsePlaceholderJSON(path string, text []byte) (*Definition, error) {
	if !bytes.Contains(text, []byte("${")) {
		return nil, errNoPlaceholder
	}
	m := &mappedText{}
	m.addLiteral(string(text), 0)
	return parseEmbedded(&Definition{Path: path}, m, asl.NewSource(path, text), 0)
}

var errNoPlaceholder = errors.New("no ${...} placeholder in the text")

// mayHoldStateMachine reports whether a file that does not parse could be
// meant as a state machine or a template holding one: its name says ASL, or
// its text names the fields or resource types that only those have.
func mayHoldStateMachine(path string, text []byte) bool {
	if namedASL(path) {
		return true
	}
	if bytes.IndexByte(text[:min(len(text), 4)], 0) >= 0 {
		// UTF-16 or UTF-32 (saved so by a Windows tool): the parser says
		// to save it as UTF-8, which only helps if the file is not
		// skipped. Without the zero bytes the markers read as ASCII.
		text = bytes.ReplaceAll(text, []byte{0}, nil)
	}
	for _, marker := range []string{"StartAt", "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"} {
		if bytes.Contains(text, []byte(marker)) {
			return true
		}
	}
	return false
}

// namedASL reports whether the file's name says it holds ASL (.asl.json,
// .asl.yaml, .asl.yml): then any content is judged as a state machine.
func namedASL(path string) bool {
	lower := strings.ToLower(path)
	for _, ext := range []string{".asl.json", ".asl.yaml", ".asl.yml"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// looksLikeASL tells a state machine from other data that happens to have
// a States or StartAt key (a map of US states, a schedule's start time),
// which pre-commit hands over too: a string StartAt beside States, or a
// States object holding at least one state (an object with a Type).
func looksLikeASL(root *asl.Node) bool {
	states := root.Get("States")
	if start := root.Get("StartAt"); start != nil && start.Kind == asl.String && states != nil {
		return true
	}
	if states == nil || states.Kind != asl.Object {
		return false
	}
	for _, m := range states.Members {
		if m.Value.Kind == asl.Object && m.Value.Has("Type") {
			return true
		}
	}
	return false
}

// IsStateMachine reports whether an object looks like an ASL definition:
// it has States or StartAt.
func IsStateMachine(n *asl.Node) bool {
	return n != nil && n.Kind == asl.Object && (n.Has("States") || n.Has("StartAt"))
}

func parse(path string, text []byte, kind Kind) (*asl.Document, error) {
	if kind == YAML {
		return asl.ParseYAML(path, text)
	}
	return asl.ParseJSON(path, text)
}

// sniff decides between JSON and YAML for standard input and files with
// another extension: JSON documents start with '{' or '['.
func sniff(text []byte) Kind {
	t := bytes.TrimLeft(text, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return JSON
	}
	if tfResourceRE.Match(text) {
		// Standard input carries no file name: a Terraform configuration
		// declaring a state machine is recognised by that declaration.
		return Terraform
	}
	return YAML
}
