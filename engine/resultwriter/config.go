package resultwriter

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// ResourcePutObject is the one ResultWriter resource (§1.4); other
// partitions (arn:aws-cn:…) are accepted too.
const ResourcePutObject = "arn:aws:states:::s3:putObject"

// Output types and transformations of WriterConfig (§1.4).
const (
	OutputJSON  = "JSON"
	OutputJSONL = "JSONL"

	TransformNone    = "NONE"
	TransformCompact = "COMPACT"
	TransformFlatten = "FLATTEN"
)

// Config is a ResultWriter with its Parameters/Arguments resolved. ParseConfig
// fills every field, defaults included, so callers never see "".
type Config struct {
	Bucket string
	Prefix string
	// Export is true when Resource and Parameters/Arguments are present: the
	// results go to S3 and the Map's result is only a pointer to them.
	Export bool
	// OutputType is JSON (one array per file) or JSONL (one record a line).
	OutputType string
	// Transformation is NONE, COMPACT or FLATTEN.
	Transformation string
}

// ParseConfig reads a ResultWriter object; n == nil means the Map has none,
// which AWS treats as COMPACT in-state output. args is its Parameters or
// Arguments after evaluation (nil when absent).
//
// A malformed definition gives a plain error naming the field (the linter
// reports these before a run). A bad evaluated value gives an
// *asl.StatesError: States.Runtime for a value of the wrong type,
// States.ResultWriterFailed for a missing bucket.
func ParseConfig(n *asl.Node, args map[string]any) (Config, error) {
	c := Config{OutputType: OutputJSON, Transformation: TransformCompact}
	if n == nil {
		return c, nil
	}
	if n.Kind != asl.Object {
		return c, fmt.Errorf("ResultWriter must be an object with WriterConfig, or Resource and Parameters/Arguments")
	}
	for _, m := range n.Members {
		switch m.Key {
		case "Resource", "Parameters", "Arguments", "WriterConfig":
		default:
			return c, fmt.Errorf("ResultWriter field %q is not allowed: use Resource, Parameters (JSONPath), Arguments (JSONata) or WriterConfig", m.Key)
		}
	}
	hasArgs := n.Has("Parameters") || n.Has("Arguments")
	switch {
	case n.Has("Parameters") && n.Has("Arguments"):
		return c, fmt.Errorf("ResultWriter has both Parameters and Arguments: keep Parameters for JSONPath, Arguments for JSONata")
	case n.Has("Resource") && !hasArgs:
		return c, fmt.Errorf("ResultWriter.Resource needs Parameters (or Arguments) naming the Bucket")
	case hasArgs && !n.Has("Resource"):
		return c, fmt.Errorf("ResultWriter.Parameters/Arguments need Resource %q", ResourcePutObject)
	case !hasArgs && !n.Has("WriterConfig"):
		return c, fmt.Errorf("ResultWriter must not be empty: give WriterConfig, or Resource and Parameters/Arguments, or all three")
	}
	if hasArgs {
		if err := checkResource(n.Get("Resource")); err != nil {
			return c, err
		}
		c.Export = true
		// Exporting without a WriterConfig writes full records (§1.4).
		c.Transformation = TransformNone
	}
	if wc := n.Get("WriterConfig"); wc != nil {
		if err := parseWriterConfig(wc, &c); err != nil {
			return c, err
		}
	}
	if c.Export {
		if err := readArgs(args, &c); err != nil {
			return c, err
		}
	}
	return c, nil
}

func checkResource(r *asl.Node) error {
	s, ok := r.StringValue()
	// The partition varies (aws, aws-cn, aws-us-gov); the rest does not.
	if !ok || !strings.HasPrefix(s, "arn:") || !strings.HasSuffix(s, ":states:::s3:putObject") {
		return fmt.Errorf("ResultWriter.Resource must be %q", ResourcePutObject)
	}
	return nil
}

func parseWriterConfig(wc *asl.Node, c *Config) error {
	if wc.Kind != asl.Object {
		return fmt.Errorf("ResultWriter.WriterConfig must be an object with OutputType and Transformation")
	}
	for _, m := range wc.Members {
		var allowed []string
		var dst *string
		switch m.Key {
		case "OutputType":
			allowed, dst = []string{OutputJSON, OutputJSONL}, &c.OutputType
		case "Transformation":
			allowed, dst = []string{TransformNone, TransformCompact, TransformFlatten}, &c.Transformation
		default:
			return fmt.Errorf("ResultWriter.WriterConfig field %q is not allowed: use OutputType or Transformation", m.Key)
		}
		s, _ := m.Value.StringValue()
		if !slices.Contains(allowed, s) {
			return fmt.Errorf("ResultWriter.WriterConfig.%s must be one of %s", m.Key, strings.Join(allowed, ", "))
		}
		*dst = s
	}
	return nil
}

// readArgs takes Bucket and Prefix from the evaluated Parameters/Arguments.
func readArgs(args map[string]any, c *Config) error {
	switch b := args["Bucket"].(type) {
	case string:
		c.Bucket = b
	case nil:
	default:
		return asl.Runtime("The ResultWriter Bucket must be a string, but was: %s", payload.Marshal(b))
	}
	if c.Bucket == "" {
		return &asl.StatesError{Name: asl.ErrResultWriterFailed,
			Cause: "The ResultWriter has no Bucket: give Parameters.Bucket (or Arguments.Bucket)."}
	}
	switch p := args["Prefix"].(type) {
	case string:
		c.Prefix = p
	case nil:
	default:
		return asl.Runtime("The ResultWriter Prefix must be a string, but was: %s", payload.Marshal(p))
	}
	return nil
}
