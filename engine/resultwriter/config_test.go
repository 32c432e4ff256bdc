package resultwriter

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

func TestParseConfig(t *testing.T) {
	bucketArgs := map[string]any{"Bucket": "bkt", "Prefix": "out"}
	tests := []struct {
		name    string
		def     string // "" = no ResultWriter
		args    map[string]any
		want    Config
		wantErr string // substring of a plain error
		states  string // name of an expected *asl.StatesError
	}{
		{name: "absent", want: Config{OutputType: "JSON", Transformation: "COMPACT"}},
		{name: "WriterConfig only", def: `{"WriterConfig":{"OutputType":"JSONL","Transformation":"FLATTEN"}}`,
			want: Config{OutputType: "JSONL", Transformation: "FLATTEN"}},
		{name: "WriterConfig only, defaults", def: `{"WriterConfig":{}}`,
			want: Config{OutputType: "JSON", Transformation: "COMPACT"}},
		{name: "Resource+Parameters", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"bkt","Prefix":"out"}}`,
			args: bucketArgs, want: Config{Bucket: "bkt", Prefix: "out", Export: true, OutputType: "JSON", Transformation: "NONE"}},
		{name: "Resource+Arguments, other partition", def: `{"Resource":"arn:aws-cn:states:::s3:putObject","Arguments":{"Bucket":"{% $b %}"}}`,
			args: map[string]any{"Bucket": "bkt"}, want: Config{Bucket: "bkt", Export: true, OutputType: "JSON", Transformation: "NONE"}},
		{name: "all three", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"bkt"},"WriterConfig":{"OutputType":"JSONL","Transformation":"COMPACT"}}`,
			args: bucketArgs, want: Config{Bucket: "bkt", Prefix: "out", Export: true, OutputType: "JSONL", Transformation: "COMPACT"}},
		{name: "all three, Transformation defaults to NONE", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"bkt"},"WriterConfig":{"OutputType":"JSON"}}`,
			args: bucketArgs, want: Config{Bucket: "bkt", Prefix: "out", Export: true, OutputType: "JSON", Transformation: "NONE"}},

		{name: "empty", def: `{}`, wantErr: "must not be empty"},
		{name: "not an object", def: `"s3"`, wantErr: "must be an object"},
		{name: "unknown field", def: `{"WriterConfig":{},"Bucket":"b"}`, wantErr: `"Bucket" is not allowed`},
		{name: "Resource alone", def: `{"Resource":"arn:aws:states:::s3:putObject"}`, wantErr: "needs Parameters"},
		{name: "Resource with WriterConfig only", def: `{"Resource":"arn:aws:states:::s3:putObject","WriterConfig":{}}`, wantErr: "needs Parameters"},
		{name: "Parameters alone", def: `{"Parameters":{"Bucket":"b"}}`, wantErr: "need Resource"},
		{name: "Parameters and Arguments", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{},"Arguments":{}}`, wantErr: "both Parameters and Arguments"},
		{name: "wrong resource", def: `{"Resource":"arn:aws:states:::s3:getObject","Parameters":{}}`, wantErr: "Resource must be"},
		{name: "resource not a string", def: `{"Resource":1,"Parameters":{}}`, wantErr: "Resource must be"},
		{name: "WriterConfig not an object", def: `{"WriterConfig":"JSON"}`, wantErr: "WriterConfig must be an object"},
		{name: "bad OutputType", def: `{"WriterConfig":{"OutputType":"CSV"}}`, wantErr: "OutputType must be one of JSON, JSONL"},
		{name: "bad Transformation", def: `{"WriterConfig":{"Transformation":"none"}}`, wantErr: "Transformation must be one of NONE, COMPACT, FLATTEN"},
		{name: "unknown WriterConfig field", def: `{"WriterConfig":{"Format":"JSON"}}`, wantErr: `"Format" is not allowed`},

		{name: "no bucket", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{}}`, states: asl.ErrResultWriterFailed},
		{name: "empty bucket", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{}}`,
			args: map[string]any{"Bucket": ""}, states: asl.ErrResultWriterFailed},
		{name: "bucket not a string", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{}}`,
			args: map[string]any{"Bucket": json.Number("5")}, states: asl.ErrRuntime},
		{name: "prefix not a string", def: `{"Resource":"arn:aws:states:::s3:putObject","Parameters":{}}`,
			args: map[string]any{"Bucket": "b", "Prefix": []any{}}, states: asl.ErrRuntime},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var n *asl.Node
			if tc.def != "" {
				n = node(t, tc.def)
			}
			got, err := ParseConfig(n, tc.args)
			switch {
			case tc.states != "":
				statesError(t, err, tc.states)
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				if _, ok := err.(*asl.StatesError); ok {
					t.Errorf("a definition error should be plain, got %T", err)
				}
			case err != nil:
				t.Fatalf("ParseConfig: %v", err)
			case got != tc.want:
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
