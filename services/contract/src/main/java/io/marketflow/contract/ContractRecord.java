package io.marketflow.contract;

/**
 * What every record on a marketflow topic has: a schema version, so consumers can tell old shapes from new ones.
 */
public interface ContractRecord {

    /** The schema version this code writes; bumped on any incompatible change of a record's shape. */
    int CURRENT_SCHEMA_VERSION = 1;

    /**
     * @return the schema version the record was written with
     */
    int schemaVersion();
}
