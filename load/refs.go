package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// maxReferencedFile bounds a definition file that a template refers to;
// AWS accepts definitions of up to 1 MiB.
const maxReferencedFile = 8 << 20

// readReferenced reads a file that a template names as a state machine's
// definition (SAM DefinitionUri, a local DefinitionS3Location, Terraform's
// file() and templatefile()). Only regular files are read, so a template
// cannot make the linter block on a device or a pipe. Tests replace it.
var readReferenced = func(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if st.Size() > maxReferencedFile {
		return nil, fmt.Errorf("larger than %d bytes", maxReferencedFile)
	}
	return io.ReadAll(io.LimitReader(f, maxReferencedFile+1))
}

// referencedPath resolves a local path written in the file at from: relative
// paths are relative to from's folder. It reports false for remote
// locations (s3://…).
func referencedPath(from, p string) (string, bool) {
	if p == "" || strings.Contains(p, "://") {
		return "", false
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p), true
	}
	return filepath.Join(filepath.Dir(from), p), true
}

// unreadable is the error for a referenced file that cannot be read, placed
// at the value that names it.
func unreadable(path string, at asl.Pos, what, file string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &asl.SyntaxError{Path: path, Pos: at,
		Msg: fmt.Sprintf("cannot read the definition file %q named by %s: %v; fix the path (it is relative to this file's folder)", file, what, err)}
}

// loadReferenced parses a referenced definition file. base carries what the
// container says about the machine (type, resource); subs are the
// DefinitionSubstitutions to apply to its strings.
func loadReferenced(path string, text []byte, base Definition, subs map[string]string) (*Definition, error) {
	kind := KindOf(path)
	if kind != JSON && kind != YAML {
		kind = sniff(text)
	}
	if kind == JSON {
		// DefinitionSubstitutions replace text before the definition is
		// parsed, as AWS does: "TimeoutSeconds": ${Timeout} becomes a
		// number. The rewrite keeps positions pointing into the file, and
		// placeholders left without a value become opaque strings.
		m := &mappedText{}
		m.addLiteral(string(text), 0)
		base.Path = path
		return parseEmbedded(&base, substitute(m, subs), asl.NewSource(path, text), 0)
	}
	doc, err := parse(path, text, kind)
	if err != nil {
		return nil, err
	}
	if doc.Root.Kind != asl.Object {
		return nil, &asl.SyntaxError{Path: path, Pos: doc.Root.Range.Start,
			Msg: fmt.Sprintf("the definition of %s is a %s; a state machine is an object with \"StartAt\" and \"States\"", base.Resource, doc.Root.Kind)}
	}
	substituteTree(doc.Root, subs)
	base.Path, base.Doc, base.Root = path, doc, doc.Root
	return &base, nil
}

// substituteTree applies substitutions to the string values of a
// definition held as a tree. The nodes keep their ranges: a diagnostic on a
// substituted value points at the ${Name} it came from.
func substituteTree(root *asl.Node, subs map[string]string) {
	if len(subs) == 0 {
		return
	}
	root.Walk(func(n *asl.Node) bool {
		if n.Kind == asl.String {
			n.Str = substituteString(n.Str, subs)
		}
		return true
	})
}
