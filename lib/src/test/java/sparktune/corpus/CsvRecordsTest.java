package sparktune.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  @Test
  void quotedFieldsSpanLinesAndDoubledQuotesAreOneQuote() {
    List<CsvRecords.Record> r = CsvRecords.parse("a,b\r\n\"x\ny, \"\"z\"\"\",2\r\n\r\nplain \"q\",3");
    assertThat(r).extracting(CsvRecords.Record::fields).containsExactly(List.of("x\ny, \"z\"", "2"), List.of("plain \"q\"", "3"));
    assertThat(r).extracting(CsvRecords.Record::line).containsExactly(2, 5);
    assertThat(r).allMatch(x -> x.problem() == null);
  }

  @Test
  void aQuoteThatNeverClosesEndsItsRecordAtTheNextWellFormedRecord() {
    List<CsvRecords.Record> r = CsvRecords.parse("a,b,c\n1,2,\"open\nstill open\n4,5,\"six\nseven\"\n8,9,10\n");
    assertThat(r).extracting(CsvRecords.Record::number).containsExactly(1, 2, 3);
    assertThat(r.get(0).problem()).isEqualTo("quoted field 3 (opened on line 2) never closes: the next quote, on line 4, is followed by 's', "
        + "not a comma or a line end; the record ends before line 4, which starts the next well-formed record");
    assertThat(r.get(1).fields()).containsExactly("4", "5", "six\nseven");
    assertThat(r.get(1).line()).isEqualTo(4);
    assertThat(r.get(2).fields()).containsExactly("8", "9", "10");
    assertThat(r.get(2).line()).isEqualTo(6);
  }

  @Test
  void aQuoteOpenAtTheEndOfTheFileIsReportedAsSuch() {
    List<CsvRecords.Record> r = CsvRecords.parse("a,b\n1,\"never\nclosed\n");
    assertThat(r).hasSize(1);
    assertThat(r.get(0).problem()).isEqualTo("quoted field 2 (opened on line 2) never closes: the file ends inside it; the record runs to the end of the file");
  }

  @Test
  void aWrongNumberOfFieldsIsMalformedAndTheNextRecordIsRead() {
    List<CsvRecords.Record> r = CsvRecords.parse("\uFEFFa,b\n1,2,3\n4\n5,6");
    assertThat(r).extracting(CsvRecords.Record::problem).containsExactly("has 3 fields, the header has 2", "has 1 fields, the header has 2", null);
    assertThat(r.get(2).fields()).containsExactly("5", "6");
    assertThat(CsvRecords.header("\uFEFFa,\"b,c\"")).containsExactly("a", "b,c");
  }
}
