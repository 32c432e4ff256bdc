package resultwriter

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl/payload"
)

func TestTransform(t *testing.T) {
	failed := `{"Cause":"it \"broke\"","Error":"Boom","ExecutionArn":"arn:aws:states:us-east-1:123456789012:execution:sm/Map:a3","Input":"{\"id\":3}","InputDetails":{"Included":true},"Name":"a3","RedriveCount":0,"RedriveStatus":"REDRIVABLE","StartDate":"2025-02-04T01:49:50.099Z","StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:sm/Map","Status":"FAILED","StopDate":"2025-02-04T01:49:51.099Z"}`
	recs := sampleRecords()
	succ := []*Record{recs[0], recs[1], recs[6]}
	tests := []struct {
		name           string
		transformation string
		records        []*Record
		want           string // payload.Marshal of the result
		wantErr        string
	}{
		{name: "no records", transformation: "COMPACT", want: `[]`},
		{name: "COMPACT", transformation: "COMPACT", records: succ, want: `[[1,2],{"ok":true},[["nested"],"x"]]`},
		{name: "default is COMPACT", records: succ, want: `[[1,2],{"ok":true},[["nested"],"x"]]`},
		{name: "FLATTEN one level", transformation: "FLATTEN", records: succ, want: `[1,2,{"ok":true},["nested"],"x"]`},
		{name: "FLATTEN empty array output", transformation: "FLATTEN",
			records: []*Record{{Status: StatusSucceeded, Output: []any{}}, {Status: StatusSucceeded, Output: nil}}, want: `[null]`},
		{name: "failed child kept whole under COMPACT", transformation: "COMPACT", records: []*Record{recs[1], recs[2]},
			want: `[{"ok":true},` + failed + `]`},
		{name: "failed child kept whole under FLATTEN", transformation: "FLATTEN", records: []*Record{recs[2], recs[0]},
			want: `[` + failed + `,1,2]`},
		{name: "NONE", transformation: "NONE", records: []*Record{{Name: "n", Status: StatusSucceeded, Input: json.Number("1"), Output: "o"}},
			want: `[{"Input":"1","InputDetails":{"Included":true},"Name":"n","Output":"\"o\"","OutputDetails":{"Included":true},"RedriveCount":0,"RedriveStatus":"NOT_REDRIVABLE","RedriveStatusReason":"Execution is SUCCEEDED and cannot be redriven","Status":"SUCCEEDED"}]`},
		{name: "bad status", records: []*Record{{Status: "RUNNING"}}, wantErr: "RUNNING"},
		{name: "nil record", records: []*Record{nil}, wantErr: "record 0 is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Transform(Config{OutputType: "JSON", Transformation: tc.transformation}, tc.records)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := payload.Marshal(got); s != tc.want {
				t.Errorf("got  %s\nwant %s", s, tc.want)
			}
		})
	}
	if _, err := Transform(exportConfig("", "JSON", "NONE"), nil); err == nil {
		t.Error("Transform of an export succeeded; it should point to the Writer")
	}
}
