package silver

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestTablesDefinitions(t *testing.T) {
	defs := Tables()
	require.Len(t, defs, 19)
	sources := map[string]string{}
	for _, def := range defs {
		require.NoError(t, def.Validate(), def.Name)
		assert.Equal(t, Namespace, def.Namespace)
		sc := def.Schema
		for _, g := range Grain(def.Name) {
			assert.Len(t, sc.FieldIndices(g), 1, "%s grain column %s", def.Name, g)
		}
		var part []string
		for _, p := range def.PartitionBy {
			part = append(part, p.Column)
			idx := sc.FieldIndices(p.Column)
			require.Len(t, idx, 1)
			assert.False(t, sc.Field(idx[0]).Nullable, "%s partition column %s is required", def.Name, p.Column)
		}
		switch def.Name {
		case TableMeetings, TableSessions:
			assert.Equal(t, []string{"year"}, part)
		case TableRejects:
			assert.Equal(t, []string{"year", "session_key", "table_name"}, part)
		default:
			assert.Equal(t, []string{"year", "session_key"}, part)
			assert.Equal(t, []string{"year", "meeting_key", "session_key"},
				[]string{sc.Field(0).Name, sc.Field(1).Name, sc.Field(2).Name}, def.Name)
		}
		if src := def.Properties["pitwall.source"]; src != "" {
			sources[src] = def.Name
		}
		got, ok := Table(def.Name)
		assert.True(t, ok)
		assert.Equal(t, def.Schema, got.Schema)
		assert.Equal(t, Ident(def.Name), def.Ident())
		assert.Same(t, def.Schema, Schema(def.Name))
	}
	// every OpenF1 endpoint feeds exactly one silver table
	for _, ep := range openf1.Endpoints() {
		assert.Contains(t, sources, "bronze."+string(ep.Name))
	}
	assert.Len(t, sources, len(openf1.Endpoints()))
	all := append(append(CalendarTables(), SessionTables()...), TelemetryTables()...)
	slices.Sort(all)
	assert.Len(t, slices.Compact(all), 18)

	_, ok := Table("nope")
	assert.False(t, ok)
	assert.Nil(t, Schema("nope"))
	assert.Nil(t, Grain("nope"))
}
