// Package load finds the state machine definitions in a file: a plain
// Amazon States Language document (JSON or YAML), or the state machines
// declared in a CloudFormation/SAM template or a Terraform configuration.
package load

import (
	"path/filepath"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// Definition is one state machine found in a file.
type Definition struct {
	// Path is the file the definition was found in; diagnostics name it.
	Path string
	// Doc is the parsed text the definition's nodes come from. For a plain
	// file it is the file itself; for a definition held in a template string
	// it is that string, parsed on its own.
	Doc *asl.Document
	// Root is the state machine object (StartAt, States …). Pointers are
	// computed from it.
	Root *asl.Node
	// MachineType is STANDARD or EXPRESS when the container says so (a
	// template's StateMachineType/Type/type), else "".
	MachineType string
	// Resource names the template resource that holds the definition, ""
	// for a plain file.
	Resource string
	// mapRange converts a range in Doc's text into a range in the file at
	// Path; exact is false when only an approximate place is known (then the
	// range is the property that holds the definition). Nil means identity.
	mapRange func(asl.Range) (r asl.Range, exact bool)
}

// Locate returns where r (a range in Doc's text) is in the file at Path,
// and whether that place is exact.
func (d *Definition) Locate(r asl.Range) (asl.Range, bool) {
	if d.mapRange == nil {
		return r, true
	}
	return d.mapRange(r)
}

// Duplicates returns the repeated keys found inside this definition.
func (d *Definition) Duplicates() []asl.Duplicate {
	var out []asl.Duplicate
	for _, dup := range d.Doc.Duplicates {
		for n := dup.Object; n != nil; n = n.Parent {
			if n == d.Root {
				out = append(out, dup)
				break
			}
		}
	}
	return out
}

// Kind of file, decided by its name.
type Kind uint8

// File kinds sfnsim reads.
const (
	Unknown Kind = iota
	JSON
	YAML
	Terraform
)

// KindOf classifies a path by its extension: .json (incl. .asl.json), .yaml,
// .yml (incl. .asl.yaml) and .tf. "-" (standard input) is read as JSON or
// YAML by its content.
func KindOf(path string) Kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return JSON
	case ".yaml", ".yml":
		return YAML
	case ".tf":
		return Terraform
	}
	return Unknown
}
