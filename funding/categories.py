"""Treasury's SLFRF expenditure categories, by which each project is reported."""

from django.db import models


class ExpenditureCategory(models.TextChoices):
    """Treasury's SLFRF expenditure categories (Compliance and Reporting Guidance)."""

    EC_1_1 = "1.1", "1.1 COVID-19 Vaccination"
    EC_1_2 = "1.2", "1.2 COVID-19 Testing"
    EC_1_3 = "1.3", "1.3 COVID-19 Contact Tracing"
    EC_1_4 = "1.4", "1.4 Prevention in Congregate Settings"
    EC_1_5 = "1.5", "1.5 Personal Protective Equipment"
    EC_1_6 = "1.6", "1.6 Medical Expenses (including Alternative Care Facilities)"
    EC_1_7 = "1.7", "1.7 Other COVID-19 Public Health Expenses"
    EC_1_8 = "1.8", "1.8 COVID-19 Assistance to Small Businesses"
    EC_1_9 = "1.9", "1.9 COVID-19 Assistance to Non-Profits"
    EC_1_10 = "1.10", "1.10 COVID-19 Aid to Impacted Industries"
    EC_1_11 = "1.11", "1.11 Community Violence Interventions"
    EC_1_12 = "1.12", "1.12 Mental Health Services"
    EC_1_13 = "1.13", "1.13 Substance Use Services"
    EC_1_14 = "1.14", "1.14 Other Public Health Services"
    EC_2_1 = "2.1", "2.1 Household Assistance: Food Programs"
    EC_2_2 = "2.2", "2.2 Household Assistance: Rent, Mortgage, and Utility Aid"
    EC_2_3 = "2.3", "2.3 Household Assistance: Cash Transfers"
    EC_2_4 = "2.4", "2.4 Household Assistance: Internet Access Programs"
    EC_2_5 = "2.5", "2.5 Household Assistance: Paid Sick and Medical Leave"
    EC_2_6 = "2.6", "2.6 Household Assistance: Health Insurance"
    EC_2_7 = "2.7", "2.7 Household Assistance: Services for Unhoused Persons"
    EC_2_8 = "2.8", "2.8 Household Assistance: Service Connections"
    EC_2_9 = "2.9", "2.9 Unemployment Benefits or Cash Assistance to Unemployed Workers"
    EC_2_10 = "2.10", "2.10 Assistance to Unemployed or Underemployed Workers"
    EC_2_11 = "2.11", "2.11 Healthy Childhood Environments: Child Care"
    EC_2_12 = "2.12", "2.12 Healthy Childhood Environments: Home Visiting"
    EC_2_13 = (
        "2.13",
        (
            "2.13 Healthy Childhood Environments: Services to Foster Youth or Families "
            "Involved in Child Welfare System"
        ),
    )
    EC_2_14 = "2.14", "2.14 Healthy Childhood Environments: Early Learning"
    EC_2_15 = "2.15", "2.15 Long-term Housing Security: Affordable Housing"
    EC_2_16 = "2.16", "2.16 Long-term Housing Security: Services for Unhoused Persons"
    EC_2_17 = "2.17", "2.17 Housing Support: Housing Vouchers and Relocation Assistance"
    EC_2_18 = "2.18", "2.18 Housing Support: Other Housing Assistance"
    EC_2_19 = "2.19", "2.19 Social Determinants of Health: Community Health Workers"
    EC_2_20 = "2.20", "2.20 Social Determinants of Health: Lead Remediation"
    EC_2_21 = (
        "2.21",
        "2.21 Medical Facilities for Disproportionately Impacted Communities",
    )
    EC_2_22 = (
        "2.22",
        (
            "2.22 Strong Healthy Communities: Neighborhood Features that Promote Health "
            "and Safety"
        ),
    )
    EC_2_23 = "2.23", "2.23 Strong Healthy Communities: Demolition and Rehabilitation"
    EC_2_24 = (
        "2.24",
        "2.24 Addressing Educational Disparities: Aid to High-Poverty Districts",
    )
    EC_2_25 = (
        "2.25",
        "2.25 Addressing Educational Disparities: Academic, Social, and Emotional Services",
    )
    EC_2_26 = "2.26", "2.26 Addressing Educational Disparities: Mental Health Services"
    EC_2_27 = "2.27", "2.27 Addressing Impacts of Lost Instructional Time"
    EC_2_28 = "2.28", "2.28 Contributions to UI Trust Funds"
    EC_2_29 = "2.29", "2.29 Loans or Grants to Mitigate Financial Hardship"
    EC_2_30 = "2.30", "2.30 Technical Assistance, Counseling, or Business Planning"
    EC_2_31 = (
        "2.31",
        "2.31 Rehabilitation of Commercial Properties or Other Improvements",
    )
    EC_2_32 = "2.32", "2.32 Business Incubators and Start-Up or Expansion Assistance"
    EC_2_33 = "2.33", "2.33 Enhanced Support to Microbusinesses"
    EC_2_34 = "2.34", "2.34 Assistance to Impacted Nonprofit Organizations"
    EC_2_35 = "2.35", "2.35 Aid to Tourism, Travel, or Hospitality"
    EC_2_36 = "2.36", "2.36 Aid to Other Impacted Industries"
    EC_2_37 = "2.37", "2.37 Economic Impact Assistance: Other"
    EC_3_1 = (
        "3.1",
        (
            "3.1 Public Sector Workforce: Payroll and Benefits for Public Health, Public "
            "Safety, or Human Services Workers"
        ),
    )
    EC_3_2 = "3.2", "3.2 Public Sector Workforce: Rehiring Public Sector Staff"
    EC_3_3 = "3.3", "3.3 Public Sector Workforce: Other"
    EC_3_4 = "3.4", "3.4 Public Sector Capacity: Effective Service Delivery"
    EC_3_5 = "3.5", "3.5 Public Sector Capacity: Administrative Needs"
    EC_4_1 = "4.1", "4.1 Public Sector Employees"
    EC_4_2 = "4.2", "4.2 Private Sector: Grants to Other Employers"
    EC_5_1 = "5.1", "5.1 Clean Water: Centralized Wastewater Treatment"
    EC_5_2 = "5.2", "5.2 Clean Water: Centralized Wastewater Collection and Conveyance"
    EC_5_3 = "5.3", "5.3 Clean Water: Decentralized Wastewater"
    EC_5_4 = "5.4", "5.4 Clean Water: Combined Sewer Overflows"
    EC_5_5 = "5.5", "5.5 Clean Water: Other Sewer Infrastructure"
    EC_5_6 = "5.6", "5.6 Clean Water: Stormwater"
    EC_5_7 = "5.7", "5.7 Clean Water: Energy Conservation"
    EC_5_8 = "5.8", "5.8 Clean Water: Water Conservation"
    EC_5_9 = "5.9", "5.9 Clean Water: Nonpoint Source"
    EC_5_10 = "5.10", "5.10 Drinking Water: Treatment"
    EC_5_11 = "5.11", "5.11 Drinking Water: Transmission & Distribution"
    EC_5_12 = (
        "5.12",
        "5.12 Drinking Water: Lead Remediation, including in Schools and Daycares",
    )
    EC_5_13 = "5.13", "5.13 Drinking Water: Source"
    EC_5_14 = "5.14", "5.14 Drinking Water: Storage"
    EC_5_15 = "5.15", "5.15 Drinking Water: Other water infrastructure"
    EC_5_16 = "5.16", "5.16 Water and Sewer: Private Wells"
    EC_5_17 = "5.17", "5.17 Water and Sewer: IIJA Bureau of Reclamation Match"
    EC_5_18 = "5.18", "5.18 Water and Sewer: Other"
    EC_5_19 = "5.19", '5.19 Broadband: "Last Mile" projects'
    EC_5_20 = "5.20", "5.20 Broadband: IIJA Match"
    EC_5_21 = "5.21", "5.21 Broadband: Other projects"
    EC_6_1 = "6.1", "6.1 Provision of Government Services"
    EC_6_2 = "6.2", "6.2 Non-federal Match for Other Federal Programs"
    EC_7_1 = "7.1", "7.1 Administrative Expenses"
    EC_7_2 = "7.2", "7.2 Transfers to Other Units of Government"
