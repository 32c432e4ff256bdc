package payload

import (
	"errors"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/path"
)

// Field is the value of an InputPath, ResultPath or OutputPath field. The zero value is an absent field, which
// means "$".
type Field struct {
	// Null is set when the field is the JSON null.
	Null bool
	// Path is the path as written; "" when the field is absent or null.
	Path string
}

// FieldOf reads a path field of a state: nil (absent) gives the default "$", a null gives Null, a string its
// path. Other kinds are the linter's business; they are treated as absent.
func FieldOf(n *asl.Node) Field {
	if n == nil {
		return Field{}
	}
	if n.Kind == asl.Null {
		return Field{Null: true}
	}
	s, _ := n.StringValue()
	return Field{Path: s}
}

func (f Field) isRoot() bool { return !f.Null && (f.Path == "" || f.Path == "$") }

// ApplyInputPath selects the effective input from a state's raw input (asl-semantics §3 step 1): "$" by default,
// {} when the field is null. env supplies the context object and variables for "$$" and "$name" paths; it may be
// nil. A definite path without a match fails with States.Runtime "Invalid path '$.x' : No results for path:
// $['x']" (conformance scenarios/test_invalid_jsonpath ST.INVALID_JSONPATH_IN_INPUTPATH).
func ApplyInputPath(input any, f Field, env *Env) (any, error) {
	return selectPath(input, f, env)
}

// ApplyOutputPath filters a state's output (asl-semantics §3 step 6) with the same rules as ApplyInputPath
// (conformance scenarios/test_invalid_jsonpath ST.INVALID_JSONPATH_IN_OUTPUTPATH).
func ApplyOutputPath(output any, f Field, env *Env) (any, error) {
	return selectPath(output, f, env)
}

func selectPath(v any, f Field, env *Env) (any, error) {
	if f.Null {
		return map[string]any{}, nil
	}
	if f.isRoot() {
		return v, nil
	}
	p, err := path.ParsePath(f.Path)
	if err != nil {
		return nil, asl.Runtime("Invalid path '%s' : %v", f.Path, err)
	}
	e := Env{Input: v}
	if env != nil {
		e.Context, e.Variables = env.Context, env.Variables
	}
	out, err := e.Resolve(p)
	if err != nil {
		return nil, asl.Runtime("Invalid path '%s' : %s", f.Path, err.Error())
	}
	return out, nil
}

// ApplyResultPath places result into the raw input (asl-semantics §3 step 5): "$" by default (the output is the
// result), the raw input when the field is null, otherwise a copy of the raw input with the result at the
// reference path, creating the objects missing on the way. Only the objects and arrays along the path are
// copied; raw itself is never modified.
//
// The path must be a reference path on "$" (no "$$", no variable). A step that meets a value of the wrong kind
// (a name on a non-object, an index on a non-array or past its end) fails with States.Runtime "Unable to apply
// ReferencePath <path> to input <raw input as JSON>" — the wording AWS reported in aws/aws-cdk#29473; the error
// name follows asl-semantics §4 (AWS shows States.Runtime for path failures), unverified for this case.
func ApplyResultPath(raw, result any, f Field) (any, error) {
	if f.Null {
		return raw, nil
	}
	if f.isRoot() {
		return result, nil
	}
	if strings.HasPrefix(f.Path, "$$") {
		return nil, asl.Runtime("Invalid path '%s' : a ResultPath must not start with \"$$\"", f.Path)
	}
	p, err := path.ParseReference(f.Path)
	if err != nil {
		return nil, asl.Runtime("Invalid path '%s' : %v", f.Path, err)
	}
	if p.Root != path.RootInput {
		return nil, asl.Runtime("Invalid path '%s' : a ResultPath must start with \"$\"", f.Path)
	}
	out, err := place(raw, p.Segments, result)
	if err != nil {
		if errors.Is(err, errCannotApply) {
			return nil, asl.Runtime("Unable to apply ReferencePath %s to input %s", f.Path, Marshal(raw))
		}
		return nil, err
	}
	return out, nil
}

var errCannotApply = errors.New("cannot apply reference path")

// place returns a copy of v with result at segs; v is not modified.
func place(v any, segs []path.Segment, result any) (any, error) {
	if len(segs) == 0 {
		return result, nil
	}
	switch sel := segs[0].Sel.(type) {
	case *path.Name:
		var m map[string]any
		switch old := v.(type) {
		case map[string]any:
			m = make(map[string]any, len(old)+1)
			for k, e := range old {
				m[k] = e
			}
		case nil:
			// A missing member, or one holding null, is replaced by a new object. Unverified for null: Jayway
			// creates missing properties only, but no recorded case puts a result below a null.
			m = map[string]any{}
		default:
			return nil, errCannotApply
		}
		child, err := place(m[sel.Name], segs[1:], result)
		if err != nil {
			return nil, err
		}
		m[sel.Name] = child
		return m, nil
	case *path.Index:
		old, ok := v.([]any)
		if !ok {
			return nil, errCannotApply
		}
		i := sel.Index
		if i < 0 {
			i += len(old)
		}
		if i < 0 || i >= len(old) {
			return nil, errCannotApply
		}
		a := append([]any(nil), old...)
		child, err := place(a[i], segs[1:], result)
		if err != nil {
			return nil, err
		}
		a[i] = child
		return a, nil
	}
	return nil, errCannotApply
}

// MaxPayloadBytes is the payload limit of Step Functions: 256 KiB of UTF-8 JSON (AWS service quotas;
// asl-semantics §10).
const MaxPayloadBytes = 256 * 1024

// CheckSize fails with States.DataLimitExceeded when v is over MaxPayloadBytes. what names the state or the
// task's resource, as AWS quotes it in the cause (conformance error_handling
// test_task_lambda_data_limit_exceeded_on_large_utf8_response: "The state/task 'lambda' returned a result with
// a size exceeding the maximum number of bytes service limit.").
func CheckSize(v any, what string) error {
	if sizeUpTo(v, MaxPayloadBytes) > MaxPayloadBytes {
		return &asl.StatesError{Name: asl.ErrDataLimitExceeded,
			Cause: "The state/task '" + what + "' returned a result with a size exceeding the maximum number of bytes service limit."}
	}
	return nil
}
