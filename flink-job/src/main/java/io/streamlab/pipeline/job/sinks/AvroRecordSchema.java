package io.streamlab.pipeline.job.sinks;

import io.streamlab.pipeline.datasets.Dataset;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps a Java record to an Avro schema and {@link GenericRecord}s whose field names are the snake_case
 * names of the contract ({@code windowStart} becomes {@code window_start}), so the Parquet columns match
 * the JSON names, and back ({@link #fromAvro}: what the compaction of part files and the tests read). Avro's
 * reflect model would keep the Java names and refuse null strings.
 *
 * <p>Supported components: String (nullable), int, long, double, boolean, nested records and
 * {@code List} of String or of records.
 */
public final class AvroRecordSchema<T extends Record> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<Class<?>, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private final Class<T> type;
    private transient Schema schema;
    private transient Method[] accessors;

    public AvroRecordSchema(Class<T> type) {
        this.type = type;
    }

    public Schema schema() {
        if (schema == null) {
            schema = schemaOf(type);
        }
        return schema;
    }

    public GenericRecord toAvro(T value) {
        return convert(value, schema(), accessors());
    }

    /** The record a row was written from: the inverse of {@link #toAvro}. */
    public T fromAvro(GenericRecord row) {
        return fromAvro(row, type);
    }

    /**
     * Builds a {@code recordType} from an Avro row by the snake_case column names, through the canonical
     * constructor. Avro's strings ({@code Utf8}) become Strings, arrays Lists, nested rows records. A
     * column the row lacks (a part file written before the column was added) is null, which only a
     * String or List component accepts.
     */
    public static <R> R fromAvro(GenericRecord row, Class<R> recordType) {
        Shape shape = SHAPES.computeIfAbsent(recordType, Shape::of);
        Schema schema = row.getSchema();
        Object[] values = new Object[shape.columns.length];
        for (int i = 0; i < values.length; i++) {
            Schema.Field field = schema.getField(shape.columns[i]);
            Object avro = field == null ? null : row.get(field.pos());
            if (avro == null && shape.types[i].isPrimitive()) {
                throw new IllegalArgumentException(recordType.getSimpleName() + " needs a value for column "
                        + shape.columns[i] + ", which the row " + (field == null ? "lacks" : "has as null"));
            }
            values[i] = javaValue(avro, shape.genericTypes[i]);
        }
        try {
            return recordType.cast(shape.constructor.newInstance(values));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + recordType.getSimpleName() + " from " + row, e);
        }
    }

    /** A value read from Avro as a value of the (generic) type of a record component or List element. */
    private static Object javaValue(Object avro, Type componentType) {
        if (avro == null) {
            return null;
        }
        if (avro instanceof CharSequence text) {
            return text.toString();
        }
        if (avro instanceof GenericRecord nested && componentType instanceof Class<?> c && c.isRecord()) {
            return fromAvro(nested, c);
        }
        if (avro instanceof List<?> list && componentType instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            List<Object> converted = new ArrayList<>(list.size());
            for (Object value : list) {
                converted.add(javaValue(value, element));
            }
            return converted;
        }
        return avro;
    }

    /** What {@link #fromAvro} needs of a record class, found once per class. */
    private record Shape(String[] columns, Class<?>[] types, Type[] genericTypes, Constructor<?> constructor) {
        static Shape of(Class<?> recordType) {
            if (!recordType.isRecord()) {
                throw new IllegalArgumentException(recordType + " is not a record");
            }
            RecordComponent[] components = recordType.getRecordComponents();
            String[] columns = new String[components.length];
            Class<?>[] types = new Class<?>[components.length];
            Type[] genericTypes = new Type[components.length];
            for (int i = 0; i < components.length; i++) {
                columns[i] = Dataset.columnName(components[i].getName());
                types[i] = components[i].getType();
                genericTypes[i] = components[i].getGenericType();
            }
            try {
                Constructor<?> constructor = recordType.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(columns, types, genericTypes, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("No canonical constructor in " + recordType, e);
            }
        }
    }

    private Method[] accessors() {
        if (accessors == null) {
            accessors = accessorsOf(type);
        }
        return accessors;
    }

    static Schema schemaOf(Class<?> recordType) {
        Schema known = SCHEMAS.get(recordType);
        if (known != null) {
            return known;
        }
        // built outside the map: a nested record builds its own schema first, and
        // ConcurrentHashMap.computeIfAbsent must not be re-entered
        Schema built = buildSchema(recordType);
        Schema raced = SCHEMAS.putIfAbsent(recordType, built);
        return raced != null ? raced : built;
    }

    private static Schema buildSchema(Class<?> recordType) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(recordType.getSimpleName())
                .namespace("io.streamlab.pipeline")
                .fields();
        for (RecordComponent component : recordType.getRecordComponents()) {
            fields = fields.name(Dataset.columnName(component.getName()))
                    .type(fieldSchema(component.getGenericType()))
                    .noDefault();
        }
        return fields.endRecord();
    }

    private static Schema fieldSchema(Type type) {
        if (type == String.class) {
            return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        }
        if (type == int.class) {
            return Schema.create(Schema.Type.INT);
        }
        if (type == long.class) {
            return Schema.create(Schema.Type.LONG);
        }
        if (type == double.class) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (type == boolean.class) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return schemaOf(c);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            Schema elementSchema = element == String.class ? Schema.create(Schema.Type.STRING) : fieldSchema(element);
            return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.createArray(elementSchema));
        }
        throw new IllegalArgumentException("No Parquet mapping for component type " + type);
    }

    private static Method[] accessorsOf(Class<?> recordType) {
        RecordComponent[] components = recordType.getRecordComponents();
        Method[] result = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            result[i] = components[i].getAccessor();
            result[i].setAccessible(true);
        }
        return result;
    }

    private static GenericRecord convert(Object value, Schema schema, Method[] accessors) {
        GenericData.Record record = new GenericData.Record(schema);
        try {
            for (int i = 0; i < accessors.length; i++) {
                record.put(i, avroValue(accessors[i].invoke(value)));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + value.getClass().getSimpleName(), e);
        }
        return record;
    }

    private static Object avroValue(Object value) {
        if (value instanceof Record nested) {
            return convert(nested, schemaOf(nested.getClass()), accessorsOf(nested.getClass()));
        }
        if (value instanceof List<?> list) {
            if (!holdsRecords(list)) {
                // strings: Avro writes the list as it is, no copy (a ticket's keywords, on every row)
                return list;
            }
            List<Object> converted = new ArrayList<>(list.size());
            for (Object element : list) {
                converted.add(avroValue(element));
            }
            return converted;
        }
        return value;
    }

    private static boolean holdsRecords(List<?> list) {
        for (Object element : list) {
            if (element instanceof Record) {
                return true;
            }
        }
        return false;
    }
}
