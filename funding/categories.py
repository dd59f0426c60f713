"""Treasury's SLFRF expenditure categories, by which each project is reported."""

from django.db import models

# Treasury's list as its Compliance and Reporting Guidance prints it, one category a line:
# the code, then the title.
TREASURY_LIST = """\
1.1 COVID-19 Vaccination
1.2 COVID-19 Testing
1.3 COVID-19 Contact Tracing
1.4 Prevention in Congregate Settings
1.5 Personal Protective Equipment
1.6 Medical Expenses (including Alternative Care Facilities)
1.7 Other COVID-19 Public Health Expenses
1.8 COVID-19 Assistance to Small Businesses
1.9 COVID-19 Assistance to Non-Profits
1.10 COVID-19 Aid to Impacted Industries
1.11 Community Violence Interventions
1.12 Mental Health Services
1.13 Substance Use Services
1.14 Other Public Health Services
2.1 Household Assistance: Food Programs
2.2 Household Assistance: Rent, Mortgage, and Utility Aid
2.3 Household Assistance: Cash Transfers
2.4 Household Assistance: Internet Access Programs
2.5 Household Assistance: Paid Sick and Medical Leave
2.6 Household Assistance: Health Insurance
2.7 Household Assistance: Services for Unhoused Persons
2.8 Household Assistance: Service Connections
2.9 Unemployment Benefits or Cash Assistance to Unemployed Workers
2.10 Assistance to Unemployed or Underemployed Workers
2.11 Healthy Childhood Environments: Child Care
2.12 Healthy Childhood Environments: Home Visiting
2.13 Healthy Childhood Environments: Services to Foster Youth or Families Involved in Child Welfare System
2.14 Healthy Childhood Environments: Early Learning
2.15 Long-term Housing Security: Affordable Housing
2.16 Long-term Housing Security: Services for Unhoused Persons
2.17 Housing Support: Housing Vouchers and Relocation Assistance
2.18 Housing Support: Other Housing Assistance
2.19 Social Determinants of Health: Community Health Workers
2.20 Social Determinants of Health: Lead Remediation
2.21 Medical Facilities for Disproportionately Impacted Communities
2.22 Strong Healthy Communities: Neighborhood Features that Promote Health and Safety
2.23 Strong Healthy Communities: Demolition and Rehabilitation
2.24 Addressing Educational Disparities: Aid to High-Poverty Districts
2.25 Addressing Educational Disparities: Academic, Social, and Emotional Services
2.26 Addressing Educational Disparities: Mental Health Services
2.27 Addressing Impacts of Lost Instructional Time
2.28 Contributions to UI Trust Funds
2.29 Loans or Grants to Mitigate Financial Hardship
2.30 Technical Assistance, Counseling, or Business Planning
2.31 Rehabilitation of Commercial Properties or Other Improvements
2.32 Business Incubators and Start-Up or Expansion Assistance
2.33 Enhanced Support to Microbusinesses
2.34 Assistance to Impacted Nonprofit Organizations
2.35 Aid to Tourism, Travel, or Hospitality
2.36 Aid to Other Impacted Industries
2.37 Economic Impact Assistance: Other
3.1 Public Sector Workforce: Payroll and Benefits for Public Health, Public Safety, or Human Services Workers
3.2 Public Sector Workforce: Rehiring Public Sector Staff
3.3 Public Sector Workforce: Other
3.4 Public Sector Capacity: Effective Service Delivery
3.5 Public Sector Capacity: Administrative Needs
4.1 Public Sector Employees
4.2 Private Sector: Grants to Other Employers
5.1 Clean Water: Centralized Wastewater Treatment
5.2 Clean Water: Centralized Wastewater Collection and Conveyance
5.3 Clean Water: Decentralized Wastewater
5.4 Clean Water: Combined Sewer Overflows
5.5 Clean Water: Other Sewer Infrastructure
5.6 Clean Water: Stormwater
5.7 Clean Water: Energy Conservation
5.8 Clean Water: Water Conservation
5.9 Clean Water: Nonpoint Source
5.10 Drinking Water: Treatment
5.11 Drinking Water: Transmission & Distribution
5.12 Drinking Water: Lead Remediation, including in Schools and Daycares
5.13 Drinking Water: Source
5.14 Drinking Water: Storage
5.15 Drinking Water: Other water infrastructure
5.16 Water and Sewer: Private Wells
5.17 Water and Sewer: IIJA Bureau of Reclamation Match
5.18 Water and Sewer: Other
5.19 Broadband: "Last Mile" projects
5.20 Broadband: IIJA Match
5.21 Broadband: Other projects
6.1 Provision of Government Services
6.2 Non-federal Match for Other Federal Programs
7.1 Administrative Expenses
7.2 Transfers to Other Units of Government
"""


def coded_choices(
    name: str, listing: str, prefix: str, module: str
) -> type[models.TextChoices]:
    """Choices from a published list of one `code title` a line: the value is the code,
    the label the whole line, the member `prefix` and the code (`EC_1_11` for 1.11)."""
    members = []
    for line in listing.splitlines():
        code = line.split(" ", 1)[0]
        members.append((prefix + code.replace(".", "_"), (code, line)))
    return models.TextChoices(name, members, module=module)


ExpenditureCategory = coded_choices(
    "ExpenditureCategory", TREASURY_LIST, prefix="EC_", module=__name__
)
ExpenditureCategory.__doc__ = "Treasury's SLFRF expenditure categories, by code."
