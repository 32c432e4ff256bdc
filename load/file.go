package load

import (
	"bytes"

	"github.com/sfnsim/sfnsim/asl"
)

// File returns the state machines in one file's text. A file that holds no
// state machine yields none and no error: pre-commit passes every JSON and
// YAML file of a repository, and those must be skipped silently. Malformed
// text is an *asl.SyntaxError.
func File(path string, text []byte) ([]*Definition, error) {
	kind := KindOf(path)
	if kind == Unknown {
		kind = sniff(text)
	}
	if kind == Terraform {
		return terraform(path, text)
	}
	doc, err := parse(path, text, kind)
	if err != nil {
		return nil, err
	}
	root := doc.Root
	if root.Kind != asl.Object {
		return nil, nil
	}
	if IsStateMachine(root) {
		return []*Definition{{Path: path, Doc: doc, Root: root}}, nil
	}
	if root.Has("Resources") {
		return cloudFormation(path, doc)
	}
	return nil, nil
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
	return YAML
}
