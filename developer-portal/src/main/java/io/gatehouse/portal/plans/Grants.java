package io.gatehouse.portal.plans;

/**
 * Names what a plan or a subscription grants, for people: its API when its product grants one, else its product. A
 * page never prints "null" or a blank where a product of several APIs has no single API.
 */
public final class Grants {

    private Grants() {
    }

    /**
     * @param apiName     the one API's name, or null for a product of several APIs
     * @param apiVersion  its version, or null
     * @param productName the product's name, or null when management did not give one
     * @return "Payments v1", "the product Travel bundle", or "this plan's APIs" when neither is known
     */
    public static String of(String apiName, String apiVersion, String productName) {
        if (apiName != null && !apiName.isBlank()) {
            return apiVersion == null || apiVersion.isBlank() ? apiName : apiName + " " + apiVersion;
        }
        if (productName != null && !productName.isBlank()) {
            return "the product " + productName;
        }
        return "this plan's APIs";
    }
}
