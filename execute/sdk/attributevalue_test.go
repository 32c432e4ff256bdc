package sdk

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestAttributeValueRoundTrip(t *testing.T) {
	tests := []struct {
		name, in string
		want     types.AttributeValue
		out      string // "" when it is in itself
	}{
		{"S", `{"S":"a"}`, &types.AttributeValueMemberS{Value: "a"}, ""},
		{"N string", `{"N":"1.5"}`, &types.AttributeValueMemberN{Value: "1.5"}, ""},
		{"N number", `{"N":12345678901234567890}`, &types.AttributeValueMemberN{Value: "12345678901234567890"}, `{"N":"12345678901234567890"}`},
		{"B", `{"B":"AAE="}`, &types.AttributeValueMemberB{Value: []byte{0, 1}}, ""},
		{"BOOL", `{"BOOL":false}`, &types.AttributeValueMemberBOOL{Value: false}, ""},
		{"NULL", `{"NULL":true}`, &types.AttributeValueMemberNULL{Value: true}, ""},
		{"SS", `{"SS":["a","b"]}`, &types.AttributeValueMemberSS{Value: []string{"a", "b"}}, ""},
		{"NS", `{"NS":["1",2]}`, &types.AttributeValueMemberNS{Value: []string{"1", "2"}}, `{"NS":["1","2"]}`},
		{"BS", `{"BS":["AA==","/w=="]}`, &types.AttributeValueMemberBS{Value: [][]byte{{0}, {255}}}, ""},
		{"L", `{"L":[{"S":"x"},{"L":[]}]}`, &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberS{Value: "x"}, &types.AttributeValueMemberL{Value: []types.AttributeValue{}}}}, ""},
		{"M", `{"M":{"k":{"M":{"n":{"N":"0"}}}}}`, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"k": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"n": &types.AttributeValueMemberN{Value: "0"}}}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := avFromJSON("V", decode(t, tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("from JSON: got %#v, want %#v", got, tt.want)
			}
			want := tt.out
			if want == "" {
				want = tt.in
			}
			if back := compactJSON(avToJSON(got)); back != want {
				t.Errorf("to JSON: got %s, want %s", back, want)
			}
		})
	}
}

func TestAttributeValueErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"a"`, "V must be an AttributeValue: an object with exactly one of"},
		{`{}`, "V must be an AttributeValue"},
		{`{"S":"a","N":"1"}`, "V must be an AttributeValue"},
		{`{"X":"a"}`, `V has the unknown AttributeValue type "X"`},
		{`{"S":1}`, "V.S must be a string"},
		{`{"N":true}`, `V.N must be a number written as a string`},
		{`{"B":"%%"}`, "V.B is not valid base64"},
		{`{"BOOL":"true"}`, "V.BOOL must be true or false"},
		{`{"L":{}}`, "V.L must be an array"},
		{`{"L":[{"S":"a"},{"Q":1}]}`, `V.L[1] has the unknown AttributeValue type "Q"`},
		{`{"M":{"b":{"S":1},"a":{"S":2}}}`, "V.M.a.S must be a string"},
		{`{"SS":["a",1]}`, "V.SS[1] must be a string"},
		{`{"NS":[true]}`, "V.NS[0] must be a number"},
		{`{"BS":"AA=="}`, "V.BS must be an array of base64 strings"},
	}
	for _, tt := range tests {
		_, err := avFromJSON("V", decode(t, tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
}

func TestAttributeValueUnknownMember(t *testing.T) {
	got := compactJSON(avToJSON(&types.UnknownUnionMember{Tag: "Z"}))
	if !strings.Contains(got, "UNKNOWN") {
		t.Errorf("got %s, want the unknown member flagged", got)
	}
}
