// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "37003b68211624793668a491bd5a243547d1a5409d9d36ba595a10778ae22014"
}
