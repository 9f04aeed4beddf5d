package io.privacity.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The three input columns of a release — unit, partition, value — checked against the schema on the
 * driver (names, types, the public partitions' key type), and read from Spark's internal rows on
 * the executors (nulls and non-finite values refused there, naming the column). Serializable.
 */
public final class InputColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How a unit id is compared: as a number, or as bytes (strings by their UTF-8 bytes). */
  public enum UnitKind {
    /** byte, short, int or long columns. */
    NUMBER,
    /** string or binary columns. */
    BYTES
  }

  /** The Java type of a partition key (the type of the released partition column's values). */
  public enum KeyKind {
    /** string column: {@link String} keys. */
    STRING(String.class, "string"),
    /** byte column. */
    BYTE(Byte.class, "tinyint"),
    /** short column. */
    SHORT(Short.class, "smallint"),
    /** int column. */
    INT(Integer.class, "int"),
    /** long column. */
    LONG(Long.class, "bigint"),
    /** boolean column. */
    BOOLEAN(Boolean.class, "boolean"),
    /** no column: the whole dataset (ungrouped). */
    TOTAL(TotalKey.class, "-");

    final Class<?> javaType;
    final String sqlName;

    KeyKind(Class<?> javaType, String sqlName) {
      this.javaType = javaType;
      this.sqlName = sqlName;
    }
  }

  private final String unitName;
  private final String partitionName;
  private final String valueName;
  private final DataType unitType;
  private final DataType partitionType;
  private final DataType valueType;
  private final UnitKind unitKind;
  private final KeyKind keyKind;

  private InputColumns(
      String unitName,
      DataType unitType,
      String partitionName,
      DataType partitionType,
      String valueName,
      DataType valueType) {
    this.unitName = unitName;
    this.partitionName = partitionName;
    this.valueName = valueName;
    this.unitType = unitType;
    this.partitionType = partitionType;
    this.valueType = valueType;
    this.unitKind = unitKind(unitName, unitType);
    this.keyKind = partitionName == null ? KeyKind.TOTAL : keyKind(partitionName, partitionType);
    if (valueName != null) {
      checkValueType(valueName, valueType);
    }
  }

  /**
   * Checks the columns against a schema.
   *
   * @param schema the input's schema
   * @param unit the unit column's name, not null
   * @param partition the partition column's name, or null (ungrouped)
   * @param value the value column's name, or null (count-only)
   * @return the checked columns
   * @throws IllegalArgumentException naming the column if one is missing or of a type that cannot
   *     serve its role
   */
  public static InputColumns check(StructType schema, String unit, String partition, String value) {
    if (unit == null) {
      throw new IllegalArgumentException("unitColumn must name a column, got null");
    }
    return new InputColumns(
        unit,
        field(schema, "unitColumn", unit).dataType(),
        partition,
        partition == null ? null : field(schema, "partitionColumn", partition).dataType(),
        value,
        value == null ? null : field(schema, "valueColumn", value).dataType());
  }

  private static StructField field(StructType schema, String role, String name) {
    List<String> names = new ArrayList<>();
    String caseMatch = null;
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
      if (f.name().equalsIgnoreCase(name)) {
        caseMatch = f.name();
      }
      names.add(f.name());
    }
    throw new IllegalArgumentException(
        role
            + " \""
            + name
            + "\" is not a column of the input"
            + (caseMatch != null ? " (did you mean \"" + caseMatch + "\"? names are exact)" : "")
            + "; its columns are "
            + names);
  }

  private static UnitKind unitKind(String name, DataType t) {
    if (t instanceof ByteType
        || t instanceof ShortType
        || t instanceof IntegerType
        || t instanceof LongType) {
      return UnitKind.NUMBER;
    }
    if (t instanceof StringType || t instanceof BinaryType) {
      return UnitKind.BYTES;
    }
    throw new IllegalArgumentException(
        "unitColumn \""
            + name
            + "\" has type "
            + t.simpleString()
            + "; a privacy unit id must be tinyint, smallint, int, bigint, string or binary");
  }

  private static KeyKind keyKind(String name, DataType t) {
    if (t instanceof StringType) {
      return KeyKind.STRING;
    }
    if (t instanceof ByteType) {
      return KeyKind.BYTE;
    }
    if (t instanceof ShortType) {
      return KeyKind.SHORT;
    }
    if (t instanceof IntegerType) {
      return KeyKind.INT;
    }
    if (t instanceof LongType) {
      return KeyKind.LONG;
    }
    if (t instanceof BooleanType) {
      return KeyKind.BOOLEAN;
    }
    throw new IllegalArgumentException(
        "partitionColumn \""
            + name
            + "\" has type "
            + t.simpleString()
            + "; a partition key must be string, tinyint, smallint, int, bigint or boolean (cast"
            + " or format other types, e.g. dates, to one of these)");
  }

  private static void checkValueType(String name, DataType t) {
    if (!(t instanceof ByteType
        || t instanceof ShortType
        || t instanceof IntegerType
        || t instanceof LongType
        || t instanceof FloatType
        || t instanceof DoubleType
        || t instanceof DecimalType)) {
      throw new IllegalArgumentException(
          "valueColumn \""
              + name
              + "\" has type "
              + t.simpleString()
              + "; values must be numeric (tinyint, smallint, int, bigint, float, double or"
              + " decimal)");
    }
  }

  /**
   * Checks that public partition keys have the partition column's Java type.
   *
   * @param keys the public partitions
   * @throws IllegalArgumentException naming the column and both types if a key differs
   */
  public void checkPublicKeys(Collection<?> keys) {
    for (Object k : keys) {
      if (!keyKind.javaType.isInstance(k)) {
        throw new IllegalArgumentException(
            "publicPartitions hold "
                + k.getClass().getName()
                + " keys, but partitionColumn \""
                + partitionName
                + "\" has type "
                + keyKind.sqlName
                + ": its keys are "
                + keyKind.javaType.getName());
      }
    }
  }

  /**
   * The unit column's name.
   *
   * @return the name
   */
  public String unitName() {
    return unitName;
  }

  /**
   * The partition column's name, or null.
   *
   * @return the name
   */
  public String partitionName() {
    return partitionName;
  }

  /**
   * The value column's name, or null.
   *
   * @return the name
   */
  public String valueName() {
    return valueName;
  }

  /**
   * The partition column's type (null when ungrouped).
   *
   * @return the type
   */
  public DataType partitionType() {
    return partitionType;
  }

  /**
   * How units are compared.
   *
   * @return the unit kind
   */
  public UnitKind unitKind() {
    return unitKind;
  }

  /**
   * The partition keys' Java type.
   *
   * @return the key kind
   */
  public KeyKind keyKind() {
    return keyKind;
  }

  // ---- reading internal rows (ordinals: 0 unit, 1 partition if grouped, then value) ----

  int partitionOrdinal() {
    return keyKind == KeyKind.TOTAL ? -1 : 1;
  }

  int valueOrdinal() {
    return valueName == null ? -1 : (keyKind == KeyKind.TOTAL ? 1 : 2);
  }

  /** The numeric unit id of a row (unit kind NUMBER). */
  long unitNumber(InternalRow row, int partitionIndex) {
    if (row.isNullAt(0)) {
      throw nullIn("unitColumn", unitName, partitionIndex, "every record needs its privacy unit");
    }
    if (unitType instanceof LongType) {
      return row.getLong(0);
    }
    if (unitType instanceof IntegerType) {
      return row.getInt(0);
    }
    if (unitType instanceof ShortType) {
      return row.getShort(0);
    }
    return row.getByte(0);
  }

  /** The byte unit id of a row (unit kind BYTES): a view, valid until the next row. */
  UTF8String unitBytes(InternalRow row, int partitionIndex) {
    if (row.isNullAt(0)) {
      throw nullIn("unitColumn", unitName, partitionIndex, "every record needs its privacy unit");
    }
    return unitType instanceof StringType
        ? row.getUTF8String(0)
        : UTF8String.fromBytes(row.getBinary(0));
  }

  private void requireKey(InternalRow row, int partitionIndex) {
    if (row.isNullAt(1)) {
      throw nullIn(
          "partitionColumn", partitionName, partitionIndex, "every record needs its partition");
    }
  }

  /** A numeric partition key (byte, short, int, long, boolean as 0/1). */
  long keyNumber(InternalRow row, int partitionIndex) {
    requireKey(row, partitionIndex);
    switch (keyKind) {
      case LONG:
        return row.getLong(1);
      case INT:
        return row.getInt(1);
      case SHORT:
        return row.getShort(1);
      case BYTE:
        return row.getByte(1);
      default:
        return row.getBoolean(1) ? 1 : 0;
    }
  }

  /** A string partition key: a view, valid until the next row. */
  UTF8String keyString(InternalRow row, int partitionIndex) {
    requireKey(row, partitionIndex);
    return row.getUTF8String(1);
  }

  /** The canonical key object of a numeric key read by {@link #keyNumber}. */
  Object keyOf(long number) {
    switch (keyKind) {
      case LONG:
        return number;
      case INT:
        return (int) number;
      case SHORT:
        return (short) number;
      case BYTE:
        return (byte) number;
      case BOOLEAN:
        return number != 0;
      default:
        return TotalKey.INSTANCE;
    }
  }

  /** The value of a row, checked finite. */
  double value(InternalRow row, int ordinal, int partitionIndex) {
    if (row.isNullAt(ordinal)) {
      throw nullIn("valueColumn", valueName, partitionIndex, "values must be finite numbers");
    }
    double v;
    if (valueType instanceof DoubleType) {
      v = row.getDouble(ordinal);
    } else if (valueType instanceof LongType) {
      v = row.getLong(ordinal);
    } else if (valueType instanceof IntegerType) {
      v = row.getInt(ordinal);
    } else if (valueType instanceof FloatType) {
      v = row.getFloat(ordinal);
    } else if (valueType instanceof ShortType) {
      v = row.getShort(ordinal);
    } else if (valueType instanceof ByteType) {
      v = row.getByte(ordinal);
    } else {
      DecimalType d = (DecimalType) valueType;
      v = row.getDecimal(ordinal, d.precision(), d.scale()).toDouble();
    }
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(
          "valueColumn \""
              + valueName
              + "\" holds "
              + v
              + " (input partition "
              + partitionIndex
              + "); values must be finite numbers");
    }
    return v;
  }

  private static InvalidInputException nullIn(
      String role, String name, int partitionIndex, String why) {
    return new InvalidInputException(
        String.format(
            Locale.ROOT,
            "%s \"%s\" holds a null (input partition %d); %s: filter or fill nulls first",
            role,
            name,
            partitionIndex,
            why));
  }
}
